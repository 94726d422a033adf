package io.clayenrichment.enrichment.topology;

import io.clayenrichment.common.deadletter.DeadLetterReason;
import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.schema.OutboundRow;
import io.clayenrichment.common.schema.Priority;
import io.clayenrichment.enrichment.metrics.TopologyMetrics;
import io.clayenrichment.enrichment.metrics.TopologyMetrics.Route;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * What a decision writes, each kind in one place: a row for Clay, a cache answer, a dead letter, a
 * verified result for the contact lookups, a message to the workspace budget's owner. A request's
 * outcome and its {@code requestRouted} count are written together, so the metrics cannot drift
 * from the records.
 */
final class DecisionOutputs {

    private final ProcessorContext<String, Routed> context;
    private final TopologyMetrics metrics;

    DecisionOutputs(ProcessorContext<String, Routed> context, TopologyMetrics metrics) {
        this.context = context;
        this.metrics = metrics;
    }

    /** An attempt's row for its lane, keyed by its contact key, with its request's headers and its send-before deadline. */
    void toClay(String tenant, String contactKey, byte[] row, Priority lane, List<HeaderValue> requestHeaders,
            long deadlineMs, long nowMs) {
        Headers headers = HeaderValue.toHeaders(requestHeaders);
        // The dispatcher sends no row past its deadline: by then its request has its outcome.
        headers.add(OutboundRow.SEND_BEFORE_HEADER, Long.toString(deadlineMs).getBytes(StandardCharsets.UTF_8));
        context.forward(new Record<>(contactKey, new Routed.ToClay(row, lane), nowMs, headers));
        metrics.requestRouted(tenant, Route.CLAY, "none");
    }

    /** Answers {@code requestId} with {@code cached}, as a result of its own (a new correlation id, served now). */
    void cacheAnswer(EnrichmentResult cached, String requestId, String tenant, long nowMs) {
        EnrichmentResult answer = cached.servedFromCache(UUID.randomUUID().toString(), requestId, tenant,
                Instant.ofEpochMilli(nowMs));
        context.forward(new Record<>(answer.recordKey(), new Routed.CacheAnswer(answer), nowMs, new RecordHeaders()));
        metrics.requestRouted(tenant, Route.CACHE, "none");
    }

    /** The request's outcome when it gets no result: its original record for dlq.clay, with why. */
    void deadLetter(Original request, String tenant, DeadLetterReason reason, String detail, String correlationId,
            long nowMs) {
        context.forward(DeadLetters.of(request, tenant, reason, detail, correlationId, nowMs));
        metrics.requestRouted(tenant, Route.DLQ, reason.wire());
        metrics.deadLettered(reason.wire(), tenant);
    }

    /** A result that closed one of this task's attempts, keyed by its contact key, for the contact lookups. */
    void verified(EnrichmentResult verified, long nowMs) {
        context.forward(new Record<>(verified.contactKey(), new Routed.Verified(verified), nowMs, new RecordHeaders()));
    }

    /** A message to the workspace budget's owner, stamped with the wall clock (it may be sent from a punctuation). */
    void toWorkspace(LeaseUpdate update) {
        context.forward(new Record<>(StoreNames.WORKSPACE_KEY, new Routed.ToWorkspace(update),
                context.currentSystemTimeMs(), new RecordHeaders()));
    }
}
