package io.clayenrichment.local;

import io.clayenrichment.common.deadletter.DeadLetterHeaders;
import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.json.MessageFormatException;
import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.schema.ResultSource;
import io.clayenrichment.common.schema.ResultStatus;
import io.clayenrichment.common.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts what flows through the platform's topics from the moment it starts: requests in, rows to
 * Clay, results (from Clay or the cache) and dead letters by reason. It reads with its own
 * consumer and commits nothing, so it never disturbs the platform.
 */
final class FlowMonitor implements AutoCloseable {

    private final Topics topics;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final FlowCounts counts = new FlowCounts();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    FlowMonitor(String bootstrapServers, Topics topics) {
        this.topics = topics;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(topics.requests().name(), topics.outbound().name(), topics.results().name(),
                topics.deadLetters().name())) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        this.thread = new Thread(this::run, "flow-monitor");
        thread.setDaemon(true);
    }

    FlowMonitor start() {
        thread.start();
        return this;
    }

    FlowCounts snapshot() {
        return counts.copy();
    }

    private void run() {
        while (running.get()) {
            try {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(250))) {
                    count(record);
                }
            } catch (org.apache.kafka.common.errors.WakeupException e) {
                return;
            }
        }
    }

    private void count(ConsumerRecord<byte[], byte[]> record) {
        synchronized (counts) {
            String topic = record.topic();
            if (topic.equals(topics.requests().name())) {
                counts.requests++;
            } else if (topic.equals(topics.outbound().name())) {
                counts.sentToClay++;
            } else if (topic.equals(topics.deadLetters().name())) {
                String reason = DeadLetterHeaders.read(record.headers(), DeadLetterHeaders.REASON).orElse("unknown");
                counts.deadLettersByReason.merge(reason, 1L, Long::sum);
            } else if (topic.equals(topics.results().name())) {
                countResult(record.value());
            }
        }
    }

    private void countResult(byte[] value) {
        EnrichmentResult result;
        try {
            result = Json.read(value, EnrichmentResult.class);
        } catch (MessageFormatException | IllegalArgumentException e) {
            return;
        }
        if (result.source() == ResultSource.CACHE) {
            counts.servedFromCache++;
            return;
        }
        if (result.status() == ResultStatus.NOT_FOUND) {
            counts.notFound++;
        } else {
            counts.enriched++;
        }
        if (result.creditsUsed() != null && result.tenant() != null) {
            counts.creditsByTenant.merge(result.tenant(), result.creditsUsed(), Double::sum);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        consumer.wakeup();
        thread.join(5_000);
        consumer.close(Duration.ofSeconds(2));
    }
}
