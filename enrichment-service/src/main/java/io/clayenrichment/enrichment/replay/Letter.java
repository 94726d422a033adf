package io.clayenrichment.enrichment.replay;

import io.clayenrichment.common.deadletter.DeadLetterHeaders;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** One dead letter as read from the dead-letter topic, with its headers decoded. */
public record Letter(ConsumerRecord<byte[], byte[]> record) {

    public static final String REPLAY_COUNT = "replay.count";
    static final String UNKNOWN = "unknown";

    /** {@code <partition>:<offset>}: the ledger key, unique within the dead-letter topic. */
    public String position() {
        return record.partition() + ":" + record.offset();
    }

    /** The wire reason, or {@code unknown} for a record without a {@code dlq.reason} header. */
    public String reason() {
        return header(DeadLetterHeaders.REASON).orElse(UNKNOWN);
    }

    public Optional<String> tenant() {
        return header(DeadLetterHeaders.TENANT);
    }

    public Optional<String> sourceTopic() {
        return header(DeadLetterHeaders.SOURCE_TOPIC);
    }

    /** When it failed: {@code dlq.failed_at}, else (missing or unreadable) the record's timestamp. */
    public Instant failedAt() {
        return header(DeadLetterHeaders.FAILED_AT).flatMap(Letter::instant)
                .orElseGet(() -> Instant.ofEpochMilli(record.timestamp()));
    }

    /** How often the original request was replayed already; an unreadable count counts as 0. */
    public int replayCount() {
        return header(REPLAY_COUNT).map(value -> {
            try {
                return Math.max(0, Integer.parseInt(value.strip()));
            } catch (NumberFormatException e) {
                return 0;
            }
        }).orElse(0);
    }

    private Optional<String> header(String name) {
        return DeadLetterHeaders.read(record.headers(), name);
    }

    private static Optional<Instant> instant(String text) {
        try {
            return Optional.of(Instant.parse(text.strip()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
