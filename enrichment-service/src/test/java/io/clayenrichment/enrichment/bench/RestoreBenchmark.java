package io.clayenrichment.enrichment.bench;

import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.schema.ResultSource;
import io.clayenrichment.common.schema.ResultStatus;
import io.clayenrichment.common.testing.TestKafka;
import io.clayenrichment.common.topics.Topics;
import io.clayenrichment.enrichment.metrics.TopologyMetrics;
import io.clayenrichment.enrichment.topology.EnrichmentTopology;
import io.clayenrichment.enrichment.topology.StoreNames;
import io.clayenrichment.enrichment.topology.TenantKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * How long one tenant's freshness cache takes to come back after its task moves or its disk is lost:
 * the cache is one RocksDB store with one changelog partition per decider task, and all of one
 * tenant's contacts are on one of them. The benchmark writes {@code bench.contacts} cached results
 * into one partition of the topology's freshness changelog, starts the real topology on an empty
 * state directory, and times the restore of that partition as Kafka Streams reports it. Not part of
 * the test command; run with {@code -Dbenchmark=true -Dtest=RestoreBenchmark} (docs/benchmarks.md).
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class RestoreBenchmark {

    private static final int CONTACTS = Integer.getInteger("bench.contacts", 200_000);
    private static final int PARTITIONS = 6;

    @Test
    void oneTenantsFreshnessCacheRestores() throws Exception {
        String run = TestKafka.uniqueName("restore");
        Topics topics = Topics.named(run + ".requests", run + ".results", run + ".dlq", run + ".outbound");
        TestKafka.createTopics(PARTITIONS, topics.requests().name(), topics.results().name(),
                topics.deadLetters().name(), topics.outbound().name(), run + ".budgets", run + ".receipts",
                run + ".grants");
        TestKafka.createTopics(1, run + ".budget-changes");
        String changelog = run + "-" + StoreNames.FRESHNESS + "-changelog";
        try (Admin admin = Admin.create(TestKafka.clientProperties())) {
            admin.createTopics(List.of(new NewTopic(changelog, PARTITIONS, (short) 1).configs(Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)))).all().get();
        }
        long bytes = fillOnePartition(changelog);

        StreamsBuilder builder = EnrichmentTopology.build(new StreamsBuilder(),
                TopologyBenchmark.benchTopology(topics, run + ".budgets", run + ".receipts", run + ".budget-changes",
                        run + ".grants", false),
                TopologyMetrics.NONE);
        Properties props = TestKafka.clientProperties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, run);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("restore-state-").toString());
        props.putAll(EnrichmentTopology.streamsSettings(topics, TopologyMetrics.NONE));
        Restores restores = new Restores();
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
            streams.setGlobalStateRestoreListener(restores);
            long started = System.nanoTime();
            streams.start();
            if (!restores.done.await(15, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the freshness partition did not restore in 15 minutes");
            }
            double seconds = restores.nanos.get() / 1e9;
            System.out.printf("%nBENCHMARK restore of one freshness partition: %,d contacts (%,d MB) in %.1f s"
                    + " (%,.0f contacts/s; %.0f s per million contacts); %.1f s from start-up%n", restores.restored.get(),
                    bytes / 1_000_000, seconds, restores.restored.get() / seconds,
                    1_000_000 * seconds / restores.restored.get(), (System.nanoTime() - started) / 1e9);
            streams.close(Duration.ofSeconds(30));
        }
    }

    /** A cached result per contact, as the topology keeps them, all on partition 0 (one tenant's task). */
    private static long fillOnePartition(String changelog) {
        Properties props = TestKafka.clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        long bytes = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < CONTACTS; i++) {
                String contact = "email:person" + i + "@example" + (i % 97) + ".com";
                byte[] value = Json.write(new EnrichmentResult("c-" + i, "r-" + i, contact, "big-tenant",
                        ResultStatus.SUCCESS, ResultSource.CLAY, Map.of("title", "Engineer", "company",
                        "Analytical Engines", "linkedin_url", "https://www.linkedin.com/in/person" + i), 1.0,
                        Instant.now(), null));
                bytes += value.length;
                producer.send(new ProducerRecord<>(changelog, 0, TenantKeys.contact("big-tenant", contact), value));
            }
        }
        return bytes;
    }

    /** The restore of the freshness store's partition 0, as Kafka Streams reports it. */
    private static final class Restores implements StateRestoreListener {
        final CountDownLatch done = new CountDownLatch(1);
        final AtomicLong restored = new AtomicLong();
        final AtomicLong nanos = new AtomicLong();
        private volatile long startedAt;

        @Override
        public void onRestoreStart(TopicPartition partition, String store, long startOffset, long endOffset) {
            if (store.equals(StoreNames.FRESHNESS) && partition.partition() == 0) {
                startedAt = System.nanoTime();
            }
        }

        @Override
        public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long count) {
            if (store.equals(StoreNames.FRESHNESS) && partition.partition() == 0) {
                restored.addAndGet(count);
            }
        }

        @Override
        public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
            if (store.equals(StoreNames.FRESHNESS) && partition.partition() == 0) {
                nanos.set(System.nanoTime() - startedAt);
                done.countDown();
            }
        }
    }
}
