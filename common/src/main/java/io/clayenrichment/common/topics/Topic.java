package io.clayenrichment.common.topics;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;

/** A topic of the platform: its name and the serdes of its keys and values. */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

    /** A record of {@code key} and {@code value} written with this topic's serdes, for a producer of bytes. */
    public ProducerRecord<byte[], byte[]> serialized(K key, V value) {
        return new ProducerRecord<>(name, keySerde.serializer().serialize(name, key),
                valueSerde.serializer().serialize(name, value));
    }

    @Override
    public String toString() {
        return name;
    }
}
