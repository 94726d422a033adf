package io.clayenrichment.receiver.publish;

import io.clayenrichment.common.kafka.Acknowledgements;
import io.clayenrichment.common.config.KafkaSettings;
import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.topics.Topic;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes results to the results topic with an idempotent, acks=all producer. Nothing waits on a
 * request thread: the future is completed from the producer's callback. The producer's own waits
 * (blocking in send, and delivery) are bounded by the publish timeout, so a Kafka outage surfaces as a
 * failed future within it.
 */
public final class KafkaResultPublisher implements ResultPublisher {

    /**
     * Each request waits for its own acknowledgement, so lingering adds straight to every answer's
     * latency; under load, records still batch while earlier requests are in flight.
     * {@code KAFKA_LINGER_MS} overrides it.
     */

    private final Producer<String, EnrichmentResult> producer;
    private final Topic<String, EnrichmentResult> topic;
    private final Timer publishLatency;
    private final KafkaClientMetrics producerMetrics;
    private final Duration closeGrace;

    public KafkaResultPublisher(KafkaSettings kafka, Topic<String, EnrichmentResult> topic, Duration publishTimeout,
            Duration closeGrace, MeterRegistry registry) {
        this.topic = topic;
        this.closeGrace = closeGrace;
        this.producer = new KafkaProducer<>(producerProperties(kafka, publishTimeout),
                topic.keySerde().serializer(), topic.valueSerde().serializer());
        this.producerMetrics = new KafkaClientMetrics(producer);
        producerMetrics.bindTo(registry);
        this.publishLatency = Timer.builder("clay.enrichment.callback.publish")
                .description("time from send to Kafka's acknowledgement of a callback's result")
                .publishPercentileHistogram()
                .register(registry);
    }

    static Properties producerProperties(KafkaSettings kafka, Duration publishTimeout) {
        Properties properties = Acknowledgements.producerProperties(kafka.toProperties(), publishTimeout);
        properties.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "webhook-receiver");
        return properties;
    }

    @Override
    public CompletableFuture<Void> publish(EnrichmentResult result) {
        long started = System.nanoTime();
        return Acknowledgements.send(producer, new ProducerRecord<>(topic.name(), result.recordKey(), result))
                .thenAccept(metadata -> publishLatency.record(Duration.ofNanos(System.nanoTime() - started)));
    }

    @Override
    public void close() {
        // close() sends what is still buffered and waits for its acknowledgements, up to the grace
        producer.close(closeGrace);
        producerMetrics.close();
    }
}
