package io.clayenrichment.common.schema;

import java.time.Instant;
import java.util.Map;

/**
 * A result on {@code enriched.contacts}. {@code receivedAt} is when Clay's callback arrived; a cache
 * answer keeps it (the freshness TTL counts from the enrichment) and adds {@code servedAt}.
 * {@code creditsUsed} is what Clay reported, when it did; the budget settles on it.
 */
public record EnrichmentResult(
        String correlationId,
        String requestId,
        String contactKey,
        String tenant,
        ResultStatus status,
        ResultSource source,
        Map<String, Object> data,
        Double creditsUsed,
        Instant receivedAt,
        Instant servedAt) {

    public EnrichmentResult {
        data = data == null ? Map.of() : data;
    }

    /** The result of a Clay callback, as received at {@code receivedAt}. */
    public static EnrichmentResult fromCallback(ClayCallback callback, Instant receivedAt) {
        return new EnrichmentResult(callback.correlationId(), callback.requestId(), callback.contactKey(),
                callback.tenant(), callback.status(), ResultSource.CLAY, callback.data(), callback.creditsUsed(),
                receivedAt, null);
    }

    /** This result answering another request from the cache: no credits, the original enrichment time. */
    public EnrichmentResult servedFromCache(String askingCorrelationId, String askingRequestId, String askingTenant,
            Instant servedAt) {
        return new EnrichmentResult(askingCorrelationId, askingRequestId, contactKey, askingTenant, status,
                ResultSource.CACHE, data, null, receivedAt, servedAt);
    }

    /** The key this result is published under: the contact key, else the correlation id. */
    public String recordKey() {
        return contactKey != null ? contactKey : correlationId;
    }
}
