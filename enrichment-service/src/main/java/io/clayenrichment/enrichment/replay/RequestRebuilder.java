package io.clayenrichment.enrichment.replay;

import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.json.MessageFormatException;
import io.clayenrichment.common.schema.EnrichmentRequest;
import io.clayenrichment.common.schema.OutboundRow;
import io.clayenrichment.enrichment.topology.StreamsDeadLetter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Turns a dead letter back into a record for the requests topic: its original key, value and
 * headers, without the dead-letter and Kafka Streams error headers, with {@code replay.count} raised
 * by one. A letter the dispatcher wrote (its value is an outbound row) becomes a request again.
 */
final class RequestRebuilder {

    static final String DEAD_LETTER_PREFIX = "dlq.";

    private final String requestsTopic;
    private final String outboundTopic;
    private final int maxReplays;

    RequestRebuilder(String requestsTopic, String outboundTopic, int maxReplays) {
        this.requestsTopic = requestsTopic;
        this.outboundTopic = outboundTopic;
        this.maxReplays = maxReplays;
    }

    Conversion rebuild(Letter letter) {
        int count = letter.replayCount();
        if (count >= maxReplays) {
            return new Conversion.Refused("max_replays", "already replayed " + count + " times (--max-replays "
                    + maxReplays + "): fix the cause, or raise --max-replays to replay it again");
        }
        byte[] value = letter.record().value();
        if (letter.sourceTopic().filter(outboundTopic::equals).isPresent()) {
            try {
                value = Json.write(request(Json.read(value, OutboundRow.class)));
            } catch (MessageFormatException e) {
                return new Conversion.Refused("unreadable_outbound_row",
                        "dispatcher dead letter whose outbound row does not parse: " + e.getMessage());
            }
        }
        RecordHeaders headers = new RecordHeaders();
        for (Header header : letter.record().headers()) {
            if (!header.key().startsWith(DEAD_LETTER_PREFIX)
                    && !header.key().startsWith(StreamsDeadLetter.HEADER_PREFIX)
                    && !header.key().equals(Letter.REPLAY_COUNT)) {
                headers.add(header);
            }
        }
        headers.add(Letter.REPLAY_COUNT, Integer.toString(count + 1).getBytes(StandardCharsets.UTF_8));
        return new Conversion.Ready(new ProducerRecord<>(requestsTopic, null, letter.record().key(), value, headers));
    }

    /**
     * The request a row was made from. The row flattened the request's attributes and extra fields
     * into one map, so both come back as attributes; {@code force} is not on the row and is lost
     * (a forced request was never a cache hit anyway, and the replay goes through the cache again).
     */
    static EnrichmentRequest request(OutboundRow row) {
        return new EnrichmentRequest(row.requestId(), row.tenant(), row.email(), row.linkedinUrl(), row.domain(),
                row.firstName(), row.lastName(), row.company(), new LinkedHashMap<>(row.attributes()), null, null, null);
    }
}
