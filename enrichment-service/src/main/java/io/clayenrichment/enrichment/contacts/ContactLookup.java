package io.clayenrichment.enrichment.contacts;

import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.enrichment.topology.StoreNames;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Finds a contact's latest result in the {@link StoreNames#CONTACTS} store: in this instance's store
 * when it holds the key's active partition, else it names the instance that does.
 */
public final class ContactLookup {

    private static final Serializer<String> KEYS = Serdes.String().serializer();

    private final KafkaStreams streams;
    private final HostInfo self;

    public ContactLookup(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
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
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return new Answer.Unavailable("Kafka Streams is " + streams.state());
        }
        KeyQueryMetadata owner = streams.queryMetadataForKey(StoreNames.CONTACTS, key, KEYS);
        if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            return new Answer.Unavailable("no instance holds the key's partition yet (rebalancing)");
        }
        if (!owner.activeHost().equals(self)) {
            return new Answer.Elsewhere(owner.activeHost());
        }
        // An InvalidStateStoreException here (the partition is moving away) is answered 503 by HttpApi.
        ReadOnlyKeyValueStore<String, EnrichmentResult> store = streams.store(StoreQueryParameters
                .fromNameAndType(StoreNames.CONTACTS, QueryableStoreTypes.<String, EnrichmentResult>keyValueStore())
                .withPartition(owner.partition()));
        EnrichmentResult result = store.get(key);
        return result == null ? new Answer.Unknown() : new Answer.Found(result);
    }
}
