package io.clayenrichment.enrichment.contacts;

import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.enrichment.cluster.KeyOwner;
import io.clayenrichment.enrichment.topology.StoreNames;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Finds a contact's latest result in the {@link StoreNames#CONTACTS} store: in this instance's store
 * when it holds the key's active partition, else it names the instance that does.
 */
public final class ContactLookup {

    private final KafkaStreams streams;
    private final KeyOwner owners;

    public ContactLookup(KafkaStreams streams, KeyOwner owners) {
        this.streams = streams;
        this.owners = owners;
    }

    /** What a lookup found. */
    public sealed interface Answer {
        record Found(EnrichmentResult result) implements Answer {}

        record Unknown() implements Answer {}

        /** Another instance holds the key; ask it. */
        record Elsewhere(HostInfo owner) implements Answer {}

        /** Nobody can answer now (starting, rebalancing, the owner moved); retry shortly. */
        record Unavailable(String why) implements Answer {}
    }

    /** @param key a canonical contact key ({@link LookupKey#canonical}) */
    public Answer find(String key) {
        KeyOwner.Owner owner = owners.of(StoreNames.CONTACTS, key);
        if (owner instanceof KeyOwner.Owner.Unavailable unavailable) {
            return new Answer.Unavailable(unavailable.why());
        }
        if (owner instanceof KeyOwner.Owner.Elsewhere elsewhere) {
            return new Answer.Elsewhere(elsewhere.host());
        }
        // An InvalidStateStoreException here (the partition is moving away) is answered 503 by HttpApi.
        ReadOnlyKeyValueStore<String, EnrichmentResult> store = streams.store(StoreQueryParameters
                .fromNameAndType(StoreNames.CONTACTS, QueryableStoreTypes.<String, EnrichmentResult>keyValueStore())
                .withPartition(((KeyOwner.Owner.Here) owner).partition()));
        EnrichmentResult result = store.get(key);
        return result == null ? new Answer.Unknown() : new Answer.Found(result);
    }
}
