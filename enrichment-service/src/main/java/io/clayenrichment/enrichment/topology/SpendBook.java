package io.clayenrichment.enrichment.topology;

import io.clayenrichment.enrichment.budget.TenantSpend;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The spend store of one task, read through a plain map. The decider is the store's only writer and
 * reads a tenant's spend on every decision; reading it back from the store would deserialise it each
 * time. Every write still goes to the store (and so to its changelog, in the step's transaction).
 * A new book is made whenever the processor is initialised, which Kafka Streams does after it
 * restored or wiped the store (also after an aborted transaction), so the map never holds state the
 * store does not.
 */
final class SpendBook {

    private final KeyValueStore<String, TenantSpend> store;
    private final Map<String, TenantSpend> known = new HashMap<>();

    SpendBook(KeyValueStore<String, TenantSpend> store) {
        this.store = store;
    }

    /** The tenant's spend, or null if it has none yet. */
    TenantSpend get(String tenant) {
        TenantSpend spend = known.get(tenant);
        if (spend == null) {
            spend = store.get(tenant);
            if (spend != null) {
                known.put(tenant, spend);
            }
        }
        return spend;
    }

    void put(String tenant, TenantSpend spend) {
        store.put(tenant, spend);
        known.put(tenant, spend);
    }
}
