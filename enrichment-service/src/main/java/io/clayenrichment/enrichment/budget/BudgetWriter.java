package io.clayenrichment.enrichment.budget;

import io.clayenrichment.common.kafka.Acknowledgements;
import io.clayenrichment.common.topics.Topic;
import io.clayenrichment.enrichment.topics.ServiceTopics;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes operators' partial budget changes to the budget changes topic and waits for Kafka's
 * acknowledgement. The change is written as it was asked for, never merged here: merging with what
 * this instance's global store holds would lose a change the store has not seen yet.
 */
public final class BudgetWriter implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private final KafkaProducer<String, BudgetChange> producer;
    private final Topic<String, BudgetChange> topic;

    public BudgetWriter(Properties clientProperties, String topic) {
        this.topic = ServiceTopics.BUDGET_CHANGES.named(topic);
        this.producer = new KafkaProducer<>(Acknowledgements.producerProperties(clientProperties, WAIT),
                this.topic.keySerde().serializer(), this.topic.valueSerde().serializer());
    }

    /**
     * Returns the change's version (its offset) once Kafka has acknowledged it; throws when it cannot
     * within 15 seconds.
     */
    public long write(BudgetChange change) throws InterruptedException, ExecutionException, TimeoutException {
        return producer.send(new ProducerRecord<>(topic.name(), change.tenant(), change))
                .get(WAIT.toMillis() + 1000, TimeUnit.MILLISECONDS).offset();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
