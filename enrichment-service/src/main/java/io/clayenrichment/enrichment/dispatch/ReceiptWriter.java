package io.clayenrichment.enrichment.dispatch;

import io.clayenrichment.common.kafka.Acknowledgements;
import io.clayenrichment.common.schema.DispatchReceipt;
import io.clayenrichment.common.schema.EnrichmentRequest;
import io.clayenrichment.common.topics.Topic;
import io.clayenrichment.enrichment.topics.ServiceTopics;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;

/**
 * Writes the dispatcher's receipts for rows, keyed by tenant so that a tenant's receipts stay in
 * order, for the topology that owns their attempts.
 */
final class ReceiptWriter {

    private final Producer<byte[], byte[]> producer;
    private final Topic<String, DispatchReceipt> topic;
    private final Clock clock;

    ReceiptWriter(Producer<byte[], byte[]> producer, String topic, Clock clock) {
        this.producer = producer;
        this.topic = ServiceTopics.RECEIPTS.named(topic);
        this.clock = clock;
    }

    /** The receipt of {@code delivery}'s row; the future completes when Kafka acknowledged it. */
    CompletableFuture<Void> write(Delivery delivery, DispatchReceipt.Stage stage, DispatchReceipt.Reach reach,
            String reason, String detail) {
        String tenant = delivery.tenant() == null ? EnrichmentRequest.DEFAULT_TENANT : delivery.tenant();
        DispatchReceipt receipt = new DispatchReceipt(delivery.correlationId(), tenant, delivery.row.contactKey(),
                delivery.row.requestId(), stage, reach, reason, detail, clock.instant());
        return Acknowledgements.send(producer, topic.serialized(tenant, receipt)).thenApply(metadata -> null);
    }
}
