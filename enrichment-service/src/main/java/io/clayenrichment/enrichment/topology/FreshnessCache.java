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
    private final int evictionBatch;
    private String evictionCursor;

    FreshnessCache(KeyValueStore<String, EnrichmentResult> store, Freshness freshness) {
        this(store, freshness, EVICTION_BATCH);
    }

    /** With walks of {@code evictionBatch} entries, for tests of walks over many punctuations. */
    FreshnessCache(KeyValueStore<String, EnrichmentResult> store, Freshness freshness, int evictionBatch) {
        this.store = store;
        this.freshness = freshness;
        this.evictionBatch = evictionBatch;
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

    /** Told of every entry the eviction walk keeps, and of the end of each pass over the whole cache. */
    interface Walker {
        Walker NONE = new Walker() {
            @Override
            public void kept(String contactStoreKey, EnrichmentResult cached, long nowMs) {}

            @Override
            public void passEnded(long nowMs) {}
        };

        void kept(String contactStoreKey, EnrichmentResult cached, long nowMs);

        /** The walk reached the end of the cache; the next one starts from its first key. */
        void passEnded(long nowMs);
    }

    void evictExpired(long nowMs) {
        evictExpired(nowMs, Walker.NONE);
    }

    /**
     * Drops entries older than the TTL, a batch per punctuation, walking the store round-robin: they
     * can never answer again, and without this the cache would keep every contact ever enriched. Each
     * entry kept is shown to {@code walker}, so that whatever counts over the whole cache reads each
     * entry once per pass with the eviction, not in a walk of its own. A pass starts at the first key
     * (also the first walk after the processor is initialised) and ends at the last.
     */
    void evictExpired(long nowMs, Walker walker) {
        List<String> expired = new ArrayList<>();
        boolean ended;
        try (KeyValueIterator<String, EnrichmentResult> entries = store.range(evictionCursor, null)) {
            for (int scanned = 0; scanned < evictionBatch && entries.hasNext(); scanned++) {
                var entry = entries.next();
                if (!freshness.isFresh(entry.value, nowMs)) {
                    expired.add(entry.key);
                } else {
                    walker.kept(entry.key, entry.value, nowMs);
                }
            }
            ended = !entries.hasNext();
            evictionCursor = ended ? null : entries.peekNextKey();
        }
        expired.forEach(store::delete);
        if (ended) {
            walker.passEnded(nowMs);
        }
    }
}
