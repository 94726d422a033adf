package io.clayenrichment.enrichment.topology;

import io.clayenrichment.common.deadletter.DeadLetterHeaders;
import io.clayenrichment.common.deadletter.DeadLetterReason;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Record;

/** Builds the dead letter of a request: its original bytes and headers plus the contract's dlq.* headers. */
final class DeadLetters {

    private DeadLetters() {}

    /**
     * The dead letter of {@code request}, keyed by its tenant for the decision's output stream (the
     * key written to dlq.clay is the original one, inside the value).
     */
    static Record<String, Routed> of(Original request, String tenant, DeadLetterReason reason, String detail,
            String correlationId, long nowMs) {
        Headers headers = HeaderValue.toHeaders(request.headers());
        DeadLetterHeaders.stamp(headers, reason, detail, tenant, request.sourceTopic(), request.sourcePartition(),
                request.sourceOffset(), Instant.ofEpochMilli(nowMs));
        if (correlationId != null) {
            DeadLetterHeaders.put(headers, DeadLetterHeaders.CORRELATION_ID, correlationId);
        } else {
            headers.remove(DeadLetterHeaders.CORRELATION_ID);
        }
        return new Record<>(tenant, new Routed.DeadLettered(new DeadLetter(request.rawKey(), request.rawValue())),
                nowMs, headers);
    }
}
