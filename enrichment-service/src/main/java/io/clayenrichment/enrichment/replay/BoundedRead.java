package io.clayenrichment.enrichment.replay;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a whole topic from the beginning up to the end offsets captured when it starts, with its
 * own assigned consumer (no group, no commits), committed records only. Records written meanwhile
 * are left for the next run.
 */
final class BoundedRead implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(500);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<TopicPartition, Long> ends;
    private final long total;

    BoundedRead(Properties clientProperties, String topic) {
        Properties properties = new Properties();
        properties.putAll(clientProperties);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        if (partitions.isEmpty()) {
            consumer.close();
            throw new IllegalStateException("topic " + topic + " does not exist");
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions);
        this.ends = new HashMap<>(consumer.endOffsets(partitions));
        this.total = ends.entrySet().stream().mapToLong(e -> e.getValue() - begins.get(e.getKey())).sum();
    }

    /** Records between the beginning and the captured end (an upper bound: compaction and markers leave gaps). */
    long total() {
        return total;
    }

    /** Hands every record up to the captured end offsets to {@code each}, one poll's batch at a time. */
    void forEachBatch(Consumer<List<ConsumerRecord<byte[], byte[]>>> each) {
        while (!done()) {
            ConsumerRecords<byte[], byte[]> polled = consumer.poll(POLL);
            List<ConsumerRecord<byte[], byte[]>> batch = new java.util.ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : polled) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (record.offset() < ends.get(partition)) {
                    batch.add(record);
                }
            }
            if (!batch.isEmpty()) {
                each.accept(batch);
            }
        }
    }

    private boolean done() {
        // position() skips transaction markers and aborted records, so it reaches the end offset exactly.
        return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    @Override
    public void close() {
        consumer.close();
    }
}
