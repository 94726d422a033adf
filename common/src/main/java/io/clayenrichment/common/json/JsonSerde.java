package io.clayenrichment.common.json;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka serde for one message record of the contract, through {@link Json}. A value that does not
 * parse fails with a {@link SerializationException} whose message names the field and the problem,
 * so Kafka Streams' dead-letter handler can carry it as the reason.
 */
public final class JsonSerde<T> implements Serde<T> {

    private final Class<T> type;

    public JsonSerde(Class<T> type) {
        this.type = type;
    }

    public Class<T> type() {
        return type;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : Json.write(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return Json.read(bytes, type);
            } catch (MessageFormatException e) {
                throw new SerializationException(e.getMessage(), e);
            }
        };
    }
}
