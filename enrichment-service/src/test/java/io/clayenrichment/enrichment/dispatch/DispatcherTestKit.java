package io.clayenrichment.enrichment.dispatch;

import static org.awaitility.Awaitility.await;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.schema.DispatchReceipt;
import io.clayenrichment.common.schema.OutboundRow;
import io.clayenrichment.common.testing.TestKafka;
import io.clayenrichment.common.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Topics of their own on the shared test broker, dispatchers started with test-sized settings, and
 * ways to produce rows and read back dead letters and committed offsets.
 */
final class DispatcherTestKit implements AutoCloseable {

    static final String TOKEN = "test-token-5ecret";
    static final Duration WAIT = Duration.ofSeconds(45);

    final String outbound = TestKafka.uniqueName("clay.outbound");
    final String deadLetters = TestKafka.uniqueName("dlq.clay");
    final String submissions = TestKafka.uniqueName("clay.url.submissions");
    final String receipts = TestKafka.uniqueName("clay.receipts");
    final String group = TestKafka.uniqueName("clay-dispatcher");
    final int partitions;
    private final List<ClayDispatcher> started = new ArrayList<>();
    private final KafkaProducer<byte[], byte[]> producer;
    private final Map<String, String> env = new HashMap<>();

    DispatcherTestKit(int partitions) {
        this.partitions = partitions;
        TestKafka.createTopics(partitions, outbound);
        TestKafka.createTopics(1, deadLetters);
        TestKafka.createTopics(1, receipts);
        producer = new KafkaProducer<>(TestKafka.clientProperties(), new ByteArraySerializer(), new ByteArraySerializer());
        env.putAll(Map.ofEntries(
                Map.entry("CLAY_WEBHOOK_AUTH_TOKEN", TOKEN),
                Map.entry("CLAY_RATE_LIMIT_PER_SECOND", "500"),
                Map.entry("CLAY_RATE_LIMIT_BURST", "100"),
                Map.entry("CLAY_REQUEST_TIMEOUT", "PT5S"),
                Map.entry("CLAY_RETRY_INITIAL_BACKOFF", "PT0.02S"),
                Map.entry("CLAY_RETRY_MAX_BACKOFF", "PT0.2S"),
                Map.entry("CLAY_BREAKER_WINDOW_SIZE", "100"),
                Map.entry("CLAY_BREAKER_MINIMUM_CALLS", "100"),
                Map.entry("CLAY_BREAKER_WAIT_IN_OPEN", "PT0.5S"),
                Map.entry("DISPATCHER_GROUP_ID", group),
                Map.entry("DISPATCHER_SHUTDOWN_GRACE", "PT1S"),
                Map.entry("TOPIC_OUTBOUND", outbound),
                Map.entry("TOPIC_DEAD_LETTERS", deadLetters),
                Map.entry("TOPIC_URL_SUBMISSIONS", submissions),
                Map.entry("TOPIC_RECEIPTS", receipts),
                Map.entry("TOPIC_REPLICATION_FACTOR", "1"),
                // the lanes' topics, which the dispatcher creates, are laid out like the outbound topic
                Map.entry("TOPIC_PARTITIONS", Integer.toString(partitions))));
    }

    DispatcherTestKit set(String name, String value) {
        env.put(name, value);
        return this;
    }

    DispatcherTestKit webhooks(ScriptedClay clay, String... names) {
        return set("CLAY_WEBHOOK_URLS", String.join(",", java.util.Arrays.stream(names)
                .map(name -> clay.url(name).toString()).toList()));
    }

    ClayDispatcher start() {
        return start(new SimpleMeterRegistry());
    }

    ClayDispatcher start(io.micrometer.core.instrument.MeterRegistry registry) {
        return start(registry, ClayDispatcher.Clients.REAL, ClayDispatcher.RestartPolicy.DEFAULT);
    }

    /** A dispatcher whose Kafka clients come from {@code clients} (faults injected into real ones). */
    ClayDispatcher start(ClayDispatcher.Clients clients, ClayDispatcher.RestartPolicy restarts) {
        return start(new SimpleMeterRegistry(), clients, restarts);
    }

    private ClayDispatcher start(io.micrometer.core.instrument.MeterRegistry registry, ClayDispatcher.Clients clients,
            ClayDispatcher.RestartPolicy restarts) {
        Env settingsEnv = new Env(env);
        ClayDispatcher dispatcher = new ClayDispatcher(DispatcherSettings.fromEnv(settingsEnv),
                Topics.fromEnv(settingsEnv), TestKafka.clientProperties(), registry, clients, restarts);
        started.add(dispatcher);
        dispatcher.start();
        return dispatcher;
    }

    static OutboundRow row(String contactKey, String tenant, int sequence) {
        return new OutboundRow(UUID.randomUUID().toString(), contactKey, tenant, "req-" + sequence,
                Instant.parse("2026-11-27T18:00:00Z"), contactKey.replace("email:", ""), null, null, "Ada",
                "Lovelace", "Analytical Engines", new java.util.LinkedHashMap<>(Map.of("sequence", sequence)));
    }

    /** Produces rows keyed by contact key, as the topology does, with one header of the producer's own. */
    void produce(List<OutboundRow> rows) {
        try {
            for (OutboundRow row : rows) {
                produceRaw(row.contactKey(), Json.write(row)).get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    java.util.concurrent.Future<?> produceRaw(String key, byte[] value) {
        return produceRaw(outbound, key, value);
    }

    /** Produces rows to a lane's topic without waiting for each one, then waits for them all. */
    void produceTo(io.clayenrichment.common.schema.Priority lane, List<OutboundRow> rows) {
        String topic = Topics.named(Topics.DEFAULT_REQUESTS, Topics.DEFAULT_RESULTS, deadLetters, outbound)
                .outboundLane(lane);
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
        rows.forEach(row -> sent.add(produceRaw(topic, row.contactKey(), Json.write(row))));
        try {
            for (java.util.concurrent.Future<?> each : sent) {
                each.get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private java.util.concurrent.Future<?> produceRaw(String topic, String key, byte[] value) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value);
        record.headers().add("origin", "topology-test".getBytes(StandardCharsets.UTF_8));
        return producer.send(record);
    }

    /** Every dead letter written so far, once at least {@code atLeast} are there. */
    List<ConsumerRecord<byte[], byte[]>> deadLetters(int atLeast) {
        return readUntil(deadLetters, atLeast);
    }

    /** The dead letters written so far, without waiting for any. */
    List<ConsumerRecord<byte[], byte[]>> deadLettersNow() {
        return readNow(deadLetters);
    }

    /** Every receipt written so far, once at least {@code atLeast} are there. */
    List<DispatchReceipt> receipts(int atLeast) {
        return readUntil(receipts, atLeast).stream().map(r -> Json.read(r.value(), DispatchReceipt.class)).toList();
    }

    /** The receipts written so far, without waiting for any. */
    List<DispatchReceipt> receiptsNow() {
        return readNow(receipts).stream().map(r -> Json.read(r.value(), DispatchReceipt.class)).toList();
    }

    /** The receipts of rows the dispatcher gave up or that expired, once at least {@code atLeast} are there. */
    List<DispatchReceipt> givenUp(int atLeast) {
        List<DispatchReceipt> ended = new ArrayList<>();
        await().atMost(WAIT).until(() -> {
            ended.clear();
            receiptsNow().stream().filter(r -> r.stage().givesUp()).forEach(ended::add);
            return ended.size() >= atLeast;
        });
        return ended;
    }

    private List<ConsumerRecord<byte[], byte[]>> readUntil(String topic, int atLeast) {
        Properties props = TestKafka.clientProperties();
        props.put("group.id", TestKafka.uniqueName("reader"));
        props.put("auto.offset.reset", "earliest");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= atLeast;
            });
        }
        return records;
    }

    private List<ConsumerRecord<byte[], byte[]>> readNow(String topic) {
        Properties props = TestKafka.clientProperties();
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** True once the dispatcher's group has committed every offset of the outbound topic. */
    boolean everythingCommitted() {
        try (Admin admin = Admin.create(TestKafka.clientProperties())) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(outbound, p), OffsetSpec.latest());
            }
            var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            return ends.entrySet().stream().allMatch(end -> end.getValue().offset() == 0
                    || committed.get(end.getKey()) != null
                    && committed.get(end.getKey()).offset() == end.getValue().offset());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        started.forEach(ClayDispatcher::close);
        producer.close(Duration.ofSeconds(5));
    }
}
