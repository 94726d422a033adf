package io.clayenrichment.enrichment.contacts;

import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.auth.TenantScope;
import io.clayenrichment.enrichment.topology.StoreNames;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads this instance's {@link StoreNames#CONTACTS} store, which keeps the latest result per contact
 * key across tenants: a caller whose scope does not hold that result's tenant sees nothing, even when
 * one of its own tenants enriched the contact earlier (the store no longer has that result).
 */
public final class StoreContactLookup implements ContactLookup {

    private final KafkaStreams streams;

    public StoreContactLookup(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public Optional<EnrichmentResult> find(String key, int partition, TenantScope scope) {
        // An InvalidStateStoreException here (the partition is moving away) is answered 503 by HttpApi.
        ReadOnlyKeyValueStore<String, EnrichmentResult> store = streams.store(StoreQueryParameters
                .fromNameAndType(StoreNames.CONTACTS, QueryableStoreTypes.<String, EnrichmentResult>keyValueStore())
                .withPartition(partition));
        return Optional.ofNullable(store.get(key)).filter(result -> scope.allows(result.tenant()));
    }
}
