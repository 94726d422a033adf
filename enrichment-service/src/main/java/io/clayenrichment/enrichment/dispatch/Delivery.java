package io.clayenrichment.enrichment.dispatch;

import io.clayenrichment.common.deadletter.DeadLetterReason;
import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.json.MessageFormatException;
import io.clayenrichment.common.schema.DispatchReceipt;
import io.clayenrichment.common.schema.OutboundRow;
import io.clayenrichment.common.schema.Priority;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** One outbound record on its way to Clay: the head of a partition's lane. */
final class Delivery {

    enum Phase {
        /** Waiting for its turn: backoff, Retry-After, the health breaker, a token or a URL. */
        READY,
        /**
         * About to be POSTed for the first time: waiting for Kafka to acknowledge the {@code sending}
         * receipt and then the commit past the row, so that no restart ever sends it again.
         */
        RECORDING_INTENT,
        /** The POST is in flight. */
        SENDING,
        /** Clay accepted the row; waiting for Kafka to acknowledge its receipt and the submission count. */
        CONFIRMING,
        /** Given up; waiting for Kafka to acknowledge its receipt (or, for an unreadable row, its dead letter). */
        CLOSING,
        /** Accepted or given up: its offset may be committed. */
        DONE
    }

    /** How a row was given up, for its receipt (or its dead letter when it is not readable). */
    record Ending(DispatchReceipt.Stage stage, DeadLetterReason reason, String detail) {}

    final ConsumerRecord<byte[], byte[]> record;
    /** The lane of the topic it was read from. */
    final Priority lane;
    final OutboundRow row;
    final String unreadable;
    /** Epoch milliseconds after which the row must not be sent (its attempt's deadline); MAX_VALUE without one. */
    final long sendBeforeMs;

    Phase phase = Phase.READY;
    long notBeforeNanos = System.nanoTime();
    int attempts;
    int countedFailures;
    /** The {@code sending} receipt and the commit past the row are acknowledged: POSTs may go. */
    boolean intentRecorded;
    /** A POST of it may have reached Clay (it was accepted, or its answer never came). */
    boolean maybeAtClay;
    /** A breaker permission is held for the POST that follows the intent. */
    boolean holdsPermission;
    long intentStartedNanos;
    ClayReply lastReply;
    UrlPool.Slot slot;
    /** The workspace its current POST goes to, chosen when it took that workspace's token. */
    WorkspaceChannel workspace;
    CompletableFuture<ClayReply> reply;
    CompletableFuture<Void> acknowledgement;
    CompletableFuture<Void> intent;
    Ending ending;

    Delivery(ConsumerRecord<byte[], byte[]> record, Priority lane) {
        this.record = record;
        this.lane = lane;
        OutboundRow parsed = null;
        String problem = null;
        try {
            parsed = Json.read(record.value(), OutboundRow.class);
            if (parsed.correlationId() == null || parsed.correlationId().isBlank()) {
                parsed = null;
                problem = "outbound row has no correlation_id";
            }
        } catch (MessageFormatException e) {
            problem = "outbound row is not readable: " + e.getMessage();
        }
        this.row = parsed;
        this.unreadable = problem;
        this.sendBeforeMs = sendBefore(record);
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

    DispatchReceipt.Reach reach() {
        return maybeAtClay ? DispatchReceipt.Reach.MAYBE : DispatchReceipt.Reach.NO;
    }

    private static long sendBefore(ConsumerRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader(OutboundRow.SEND_BEFORE_HEADER);
        if (header == null || header.value() == null) {
            return Long.MAX_VALUE;
        }
        try {
            return Long.parseLong(new String(header.value(), StandardCharsets.UTF_8).strip());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
