package io.clayenrichment.enrichment.topology;

import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.json.MessageFormatException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A message read from a topic together with its exact bytes, so a later dead letter carries the
 * original value. A value that does not parse fails deserialisation with a message naming the field,
 * which Kafka Streams hands to the dead-letter handler.
 */
public record Parsed<T>(T value, byte[] raw) {

    public static <T> Serde<Parsed<T>> serde(Class<T> type) {
        Deserializer<Parsed<T>> deserializer = (topic, bytes) -> {
            try {
                return new Parsed<>(Json.read(bytes, type), bytes);
            } catch (MessageFormatException e) {
                throw new SerializationException(e.getMessage(), e);
            }
        };
        return Serdes.serdeFrom((topic, parsed) -> parsed == null ? null : parsed.raw(), deserializer);
    }
}
