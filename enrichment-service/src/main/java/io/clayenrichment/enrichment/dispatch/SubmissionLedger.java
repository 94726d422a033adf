package io.clayenrichment.enrichment.dispatch;

import io.clayenrichment.common.kafka.Acknowledgements;
import io.clayenrichment.common.topics.Topic;
import io.clayenrichment.enrichment.topics.ServiceTopics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable submission counts per webhook URL, of every workspace's pool, on a compacted topic keyed {@code <url id>/<outbound
 * partition>} with the count as a decimal string. The owner of an outbound partition is the only
 * writer of its keys; every instance reads the whole topic (no consumer group) to know the totals.
 * Not thread-safe: used from the dispatcher's thread only.
 */
final class SubmissionLedger implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SubmissionLedger.class);

    private final Topic<String, String> topic;
    private final List<UrlPool> pools;
    private final Producer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> reader;
    private final List<TopicPartition> partitions;

    /** @param pools every workspace's pool: a URL belongs to one of them, and its id says which */
    SubmissionLedger(String topic, List<UrlPool> pools, Producer<byte[], byte[]> producer, Properties kafkaProperties) {
        this.topic = ServiceTopics.URL_SUBMISSIONS.named(topic);
        this.pools = List.copyOf(pools);
        this.producer = producer;
        Properties props = new Properties();
        props.putAll(kafkaProperties);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "clay-dispatcher-ledger");
        this.reader = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.partitions = reader.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        reader.assign(partitions);
        reader.seekToBeginning(partitions);
    }

    /**
     * Reads until every count written before this call is known, so a partition's new owner
     * continues its previous owner's counts instead of starting again from a stale value.
     */
    void catchUp(Duration within) {
        Map<TopicPartition, Long> ends = reader.endOffsets(partitions, within);
        long deadline = System.nanoTime() + within.toNanos();
        while (!reachedEnds(ends)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read the submission counts of topic " + topic
                        + " within " + within);
            }
            apply(reader.poll(Duration.ofMillis(100)));
        }
    }

    /** Takes whatever other instances wrote since the last call, without waiting. */
    void pollUpdates() {
        apply(reader.poll(Duration.ZERO));
    }

    /** Counts one submission of {@code slot} of {@code pool}; the future completes when Kafka has it. */
    CompletableFuture<Void> recordSubmission(UrlPool pool, UrlPool.Slot slot) {
        return write(pool, slot, pool.increment(slot));
    }

    /** Records that Clay said the slot's URL is used up, for every instance to see. */
    CompletableFuture<Void> recordUsedUp(UrlPool pool, UrlPool.Slot slot) {
        return write(pool, slot, pool.markUsedUp(slot));
    }

    private CompletableFuture<Void> write(UrlPool pool, UrlPool.Slot slot, long count) {
        return Acknowledgements.send(producer, topic.serialized(pool.key(slot), Long.toString(count)))
                .thenApply(metadata -> null);
    }

    private boolean reachedEnds(Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> reader.position(end.getKey()) >= end.getValue());
    }

    private void apply(Iterable<ConsumerRecord<byte[], byte[]>> records) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (record.key() == null || record.value() == null) {
                continue;
            }
            String key = topic.keySerde().deserializer().deserialize(topic.name(), record.key());
            try {
                long count = Long.parseLong(topic.valueSerde().deserializer().deserialize(topic.name(), record.value())
                        .strip());
                for (UrlPool pool : pools) {
                    pool.slotOf(key).ifPresent(slot -> pool.observe(slot, count));
                }
            } catch (NumberFormatException e) {
                LOG.warn("ignoring unreadable submission count at {}-{}@{}", record.topic(), record.partition(),
                        record.offset());
            }
        }
    }

    @Override
    public void close() {
        reader.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
