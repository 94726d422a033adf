package io.clayenrichment.common.kafka;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Sends whose futures complete from the producer's callback, so no request thread waits on Kafka. */
public final class Acknowledgements {

    private Acknowledgements() {}

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
