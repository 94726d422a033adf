package io.clayenrichment.common.kafka;

import io.clayenrichment.common.config.SettingsException;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Writes whose callers wait for Kafka's acknowledgement, bounded in time: the producer settings for
 * them, and sends whose futures complete from the producer's callback, so no thread waits on Kafka.
 */
public final class Acknowledgements {

    /** A millisecond of linger batches concurrent writes without making a lone write wait. */
    static final String DEFAULT_LINGER_MS = "1";

    private Acknowledgements() {}

    /**
     * {@code clientProperties} for an idempotent acks=all producer every wait of which (metadata, a
     * full buffer, delivery) ends within {@code timeout}; {@code linger.ms} is kept when set.
     *
     * @throws SettingsException when {@code linger.ms} is not a whole number
     */
    public static Properties producerProperties(Properties clientProperties, Duration timeout) {
        Properties properties = new Properties();
        properties.putAll(clientProperties);
        properties.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, DEFAULT_LINGER_MS);
        long lingerMs = lingerMs(String.valueOf(properties.get(ProducerConfig.LINGER_MS_CONFIG)));
        long timeoutMs = Math.max(timeout.toMillis(), lingerMs + 1);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(timeoutMs));
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(timeoutMs));
        // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(Math.min(30_000, timeoutMs - lingerMs)));
        return properties;
    }

    private static long lingerMs(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new SettingsException("KAFKA_LINGER_MS=" + value + " is invalid: expected a whole number of milliseconds");
        }
    }

    /** Completes when Kafka acknowledged {@code record}; fails with the reason it did not. */
    public static <K, V> CompletableFuture<RecordMetadata> send(Producer<K, V> producer, ProducerRecord<K, V> record) {
        CompletableFuture<RecordMetadata> acknowledged = new CompletableFuture<>();
        try {
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    acknowledged.completeExceptionally(error);
                } else {
                    acknowledged.complete(metadata);
                }
            });
        } catch (RuntimeException e) {
            // send() throws when it could not even queue the record (metadata or buffer wait timed out)
            acknowledged.completeExceptionally(e);
        }
        return acknowledged;
    }
}
