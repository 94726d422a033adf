package io.clayenrichment.enrichment.dispatch;

import io.clayenrichment.common.deadletter.DeadLetterReason;
import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.json.MessageFormatException;
import io.clayenrichment.common.schema.OutboundRow;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** One outbound record on its way to Clay or to the dead-letter topic: the head of a partition's lane. */
final class Delivery {

    enum Phase {
        /** Waiting for its turn: backoff, Retry-After, the health breaker, a token or a URL. */
        READY,
        /** The POST is in flight. */
        SENDING,
        /** Clay accepted the row; waiting for Kafka to acknowledge the submission count. */
        CONFIRMING,
        /** Waiting for Kafka to acknowledge the dead letter. */
        DEAD_LETTERING,
        /** Accepted or dead-lettered: its offset may be committed. */
        DONE
    }

    record DeadLetter(DeadLetterReason reason, String detail) {}

    final ConsumerRecord<byte[], byte[]> record;
    final OutboundRow row;
    final String unreadable;

    Phase phase = Phase.READY;
    long notBeforeNanos = System.nanoTime();
    int attempts;
    int countedFailures;
    ClayReply lastReply;
    UrlPool.Slot slot;
    CompletableFuture<ClayReply> reply;
    CompletableFuture<Void> acknowledgement;
    DeadLetter deadLetter;

    Delivery(ConsumerRecord<byte[], byte[]> record) {
        this.record = record;
        OutboundRow parsed = null;
        String problem = null;
        try {
            parsed = Json.read(record.value(), OutboundRow.class);
        } catch (MessageFormatException e) {
            problem = "outbound row is not readable: " + e.getMessage();
        }
        this.row = parsed;
        this.unreadable = problem;
    }

    String tenant() {
        return row == null ? null : row.tenant();
    }

    String correlationId() {
        return row == null ? null : row.correlationId();
    }

    int payloadBytes() {
        return record.value() == null ? 0 : record.value().length;
    }
}
