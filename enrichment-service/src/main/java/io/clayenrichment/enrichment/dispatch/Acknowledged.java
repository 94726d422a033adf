package io.clayenrichment.enrichment.dispatch;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** A producer send as a future that completes when Kafka acknowledged the record, or with its failure. */
final class Acknowledged {

    private Acknowledged() {}

    static CompletableFuture<Void> send(Producer<byte[], byte[]> producer, ProducerRecord<byte[], byte[]> record) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        try {
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    acknowledged.complete(null);
                } else {
                    acknowledged.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            // send() itself throws when metadata cannot be fetched in max.block.ms or the producer is closed.
            acknowledged.completeExceptionally(e);
        }
        return acknowledged;
    }
}
