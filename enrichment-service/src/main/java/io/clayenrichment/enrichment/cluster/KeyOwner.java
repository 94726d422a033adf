package io.clayenrichment.enrichment.cluster;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;

/** Which instance holds the active copy of a key's partition of a state store (keys are strings). */
public final class KeyOwner {

    private static final Serializer<String> KEYS = Serdes.String().serializer();

    private final KafkaStreams streams;
    private final HostInfo self;

    public KeyOwner(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    /** Where a key lives. */
    public sealed interface Owner {
        /** This instance: read its store's {@code partition}. */
        record Here(int partition) implements Owner {}

        /** Another instance holds the key; ask it. */
        record Elsewhere(HostInfo host) implements Owner {}

        /** Nobody can answer now (starting, rebalancing); retry shortly. */
        record Unavailable(String why) implements Owner {}
    }

    public Owner of(String store, String key) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return new Owner.Unavailable("Kafka Streams is " + streams.state());
        }
        KeyQueryMetadata owner = streams.queryMetadataForKey(store, key, KEYS);
        if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            return new Owner.Unavailable("no instance holds the key's partition yet (rebalancing)");
        }
        return owner.activeHost().equals(self) ? new Owner.Here(owner.partition())
                : new Owner.Elsewhere(owner.activeHost());
    }

    /** The other instances of the application that hold active tasks of {@code store}. */
    public java.util.List<HostInfo> others(String store) {
        return streams.streamsMetadataForStore(store).stream().map(metadata -> metadata.hostInfo())
                .filter(host -> !host.equals(self)).distinct().toList();
    }
}
