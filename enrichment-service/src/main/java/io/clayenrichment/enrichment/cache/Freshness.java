package io.clayenrichment.enrichment.cache;

import io.clayenrichment.common.schema.EnrichmentResult;
import java.time.Duration;

/**
 * The freshness rule: a cached result answers a request while it is younger than the TTL, counted from
 * when Clay's result arrived ({@code received_at}), never from when the cache last served it.
 */
public final class Freshness {

    private final long ttlMs;

    public Freshness(Duration ttl) {
        this.ttlMs = ttl.toMillis();
    }

    public boolean isFresh(EnrichmentResult cached, long nowMs) {
        return cached.receivedAt() != null && nowMs - cached.receivedAt().toEpochMilli() < ttlMs;
    }

    /** Whether {@code candidate} was enriched later than {@code cached} (results may arrive out of order). */
    public boolean isNewer(EnrichmentResult candidate, EnrichmentResult cached) {
        return candidate.receivedAt() != null
                && (cached.receivedAt() == null || candidate.receivedAt().isAfter(cached.receivedAt()));
    }
}
