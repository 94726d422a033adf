package io.clayenrichment.enrichment.dispatch;

import io.clayenrichment.common.kafka.Acknowledgements;
import io.clayenrichment.common.deadletter.DeadLetterHeaders;
import io.clayenrichment.common.deadletter.DeadLetterReason;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes an outbound record to the dead-letter topic as the contract says: its own key, value and
 * headers, plus the {@code dlq.*} headers. The topology reads these back to release the credit
 * reservation, so the correlation id goes in {@code dlq.correlation_id}.
 */
final class DeadLetterWriter {

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final Clock clock;

    DeadLetterWriter(Producer<byte[], byte[]> producer, String topic, Clock clock) {
        this.producer = producer;
        this.topic = topic;
        this.clock = clock;
    }

    /** A dead letter and why; the future completes when Kafka acknowledged it. */
    CompletableFuture<Void> write(ConsumerRecord<byte[], byte[]> original, DeadLetterReason reason, String detail,
            String tenant, String correlationId) {
        RecordHeaders headers = new RecordHeaders(original.headers().toArray());
        DeadLetterHeaders.stamp(headers, reason, detail, tenant, original.topic(), original.partition(),
                original.offset(), clock.instant());
        if (correlationId != null) {
            DeadLetterHeaders.put(headers, DeadLetterHeaders.CORRELATION_ID, correlationId);
        } else {
            headers.remove(DeadLetterHeaders.CORRELATION_ID);
        }
        return Acknowledgements.send(producer, new ProducerRecord<>(topic, null, original.key(), original.value(), headers)).thenApply(metadata -> null);
    }
}
