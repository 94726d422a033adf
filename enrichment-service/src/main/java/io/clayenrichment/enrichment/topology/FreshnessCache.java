package io.clayenrichment.enrichment.topology;

import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.schema.ResultStatus;
import io.clayenrichment.enrichment.cache.Freshness;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The freshness cache of one decider task: per tenant and contact, the latest successful Clay
 * result of one of the tenant's own attempts. Entries past the TTL are dropped on the clock.
 */
final class FreshnessCache {

    /** Cache entries examined per punctuation when dropping expired ones, to keep each punctuation short. */
    static final int EVICTION_BATCH = 1000;

    private final KeyValueStore<String, EnrichmentResult> store;
    private final Freshness freshness;
    private String evictionCursor;

    FreshnessCache(KeyValueStore<String, EnrichmentResult> store, Freshness freshness) {
        this.store = store;
        this.freshness = freshness;
    }

    /** The contact's result if it may still answer, else null. */
    EnrichmentResult fresh(String contactStoreKey, long nowMs) {
        EnrichmentResult cached = store.get(contactStoreKey);
        return cached != null && freshness.isFresh(cached, nowMs) ? cached : null;
    }

    /** Keeps a verified result of the contact's own attempt if it is a success newer than what is kept. */
    void offer(String contactStoreKey, EnrichmentResult result) {
        if (result.status() != ResultStatus.SUCCESS) {
            return;
        }
        EnrichmentResult cached = store.get(contactStoreKey);
        if (cached == null || freshness.isNewer(result, cached)) {
            store.put(contactStoreKey, result);
        }
    }

    KeyValueStore<String, EnrichmentResult> store() {
        return store;
    }

    /**
     * Drops entries older than the TTL, a batch per punctuation, walking the store round-robin: they
     * can never answer again, and without this the cache would keep every contact ever enriched.
     */
    void evictExpired(long nowMs) {
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, EnrichmentResult> entries = store.range(evictionCursor, null)) {
            for (int scanned = 0; scanned < EVICTION_BATCH && entries.hasNext(); scanned++) {
                var entry = entries.next();
                if (!freshness.isFresh(entry.value, nowMs)) {
                    expired.add(entry.key);
                }
            }
            evictionCursor = entries.hasNext() ? entries.peekNextKey() : null;
        }
        expired.forEach(store::delete);
    }
}
