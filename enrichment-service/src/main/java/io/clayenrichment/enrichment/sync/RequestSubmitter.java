package io.clayenrichment.enrichment.sync;

import io.clayenrichment.common.intake.IntakeItem;
import io.clayenrichment.common.kafka.Acknowledgements;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes synchronous requests to {@code enrichment.requests} as validated, keyed by contact key,
 * with an idempotent acks=all producer; the future completes from the producer's callback, so no
 * HTTP thread waits on Kafka. A write Kafka cannot take fails within {@link #PUBLISH_TIMEOUT}.
 */
public final class RequestSubmitter implements AutoCloseable {

    public static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(15);

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;

    public RequestSubmitter(Properties clientProperties, String topic) {
        Properties props = Acknowledgements.producerProperties(clientProperties, PUBLISH_TIMEOUT);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "sync-requests-" + java.util.UUID.randomUUID());
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    /** Completes once Kafka acknowledged the request. */
    public CompletableFuture<RecordMetadata> submit(IntakeItem item) {
        return Acknowledgements.send(producer, new ProducerRecord<>(topic, item.contactKey(), item.json()));
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
