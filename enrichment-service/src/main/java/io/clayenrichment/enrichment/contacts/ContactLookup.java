package io.clayenrichment.enrichment.contacts;

import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.enrichment.topology.StoreNames;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Reads a contact's latest result from this instance's {@link StoreNames#CONTACTS} store. */
public final class ContactLookup {

    private final KafkaStreams streams;

    public ContactLookup(KafkaStreams streams) {
        this.streams = streams;
    }

    /**
     * @param key a canonical contact key ({@link LookupKey#canonical})
     * @param partition the key's partition, held here
     */
    public Optional<EnrichmentResult> find(String key, int partition) {
        // An InvalidStateStoreException here (the partition is moving away) is answered 503 by HttpApi.
        ReadOnlyKeyValueStore<String, EnrichmentResult> store = streams.store(StoreQueryParameters
                .fromNameAndType(StoreNames.CONTACTS, QueryableStoreTypes.<String, EnrichmentResult>keyValueStore())
                .withPartition(partition));
        return Optional.ofNullable(store.get(key));
    }
}
