package io.clayenrichment.receiver.publish;

import io.clayenrichment.common.kafka.Acknowledgements;
import io.clayenrichment.common.config.KafkaSettings;
import io.clayenrichment.common.intake.IntakeItem;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes intake requests to the requests topic as the bytes that were validated, keyed by contact
 * key, with the same idempotent acks=all settings as the results producer (its own client, since the
 * value type differs). The future completes once Kafka acknowledged every item, or fails with the
 * first error.
 */
public final class KafkaRequestPublisher implements AutoCloseable {

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final KafkaClientMetrics producerMetrics;
    private final Duration closeGrace;

    public KafkaRequestPublisher(KafkaSettings kafka, String topic, Duration publishTimeout, Duration closeGrace,
            MeterRegistry registry) {
        this.topic = topic;
        this.closeGrace = closeGrace;
        Properties properties = KafkaResultPublisher.producerProperties(kafka, publishTimeout);
        // A second client with the same id would clash with the results producer's JMX and quota names.
        properties.put(ProducerConfig.CLIENT_ID_CONFIG,
                properties.getProperty(ProducerConfig.CLIENT_ID_CONFIG) + "-intake");
        this.producer = new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
        this.producerMetrics = new KafkaClientMetrics(producer);
        producerMetrics.bindTo(registry);
    }

    /**
     * Sends every item; the future completes once all are acknowledged. When one cannot even be queued
     * (send() blocked for max.block.ms: no metadata, full buffer), the rest are not sent and the batch
     * fails at once, so a batch waits on Kafka about as long as one record does, not once per item.
     * Nothing more is sent once {@code deadlineNanos} (a {@link System#nanoTime()} value) has passed.
     */
    public CompletableFuture<Void> publish(List<IntakeItem> items, long deadlineNanos) {
        List<CompletableFuture<Void>> acknowledged = new ArrayList<>(items.size());
        for (IntakeItem item : items) {
            if (System.nanoTime() - deadlineNanos > 0) {
                return CompletableFuture.failedFuture(new TimeoutException("publish deadline passed after "
                        + acknowledged.size() + " of " + items.size() + " items were sent"));
            }
            CompletableFuture<Void> sent = publish(item);
            if (sent.isCompletedExceptionally()) {
                return sent;
            }
            acknowledged.add(sent);
        }
        return CompletableFuture.allOf(acknowledged.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> publish(IntakeItem item) {
        return Acknowledgements.send(producer, new ProducerRecord<>(topic, item.contactKey(), item.json()))
                .thenApply(metadata -> null);
    }

    @Override
    public void close() {
        producer.close(closeGrace);
        producerMetrics.close();
    }
}
