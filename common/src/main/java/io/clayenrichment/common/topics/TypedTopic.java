package io.clayenrichment.common.topics;

import org.apache.kafka.common.serialization.Serde;

/**
 * A registered topic with the serdes of what is really on it, before a deployment names it: how a
 * module that owns the types of a topic binds them to the topic's {@link TopicSpec} (the enrichment
 * service does so for its own topics, whose types this module cannot see).
 */
public record TypedTopic<K, V>(TopicSpec spec, Serde<K> keySerde, Serde<V> valueSerde) {

    /** The topic under the name a deployment gives it (read with {@link TopicSpec#nameIn}). */
    public Topic<K, V> named(String name) {
        return new Topic<>(name, keySerde, valueSerde);
    }
}
