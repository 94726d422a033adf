package io.clayenrichment.enrichment.bench;

import io.clayenrichment.common.topics.Topics;
import io.clayenrichment.common.testing.TestKafka;
import io.clayenrichment.enrichment.budget.BudgetLimits;
import io.clayenrichment.enrichment.budget.BudgetPolicy;
import io.clayenrichment.enrichment.metrics.TopologyMetrics;
import io.clayenrichment.enrichment.topology.EnrichmentTopology;
import io.clayenrichment.enrichment.topology.TopologySettings;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Throughput of the enrichment topology (validate, cache lookup, budget, exactly-once) against two
 * baselines on the same broker in the same run: a one-hop pass-through, and a pass-through chain with
 * the topology's number of topic hops (one repartition). Not part of the test command; run with
 * {@code -Dbenchmark=true -Dtest=TopologyBenchmark} (see the README's benchmarks section).
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class TopologyBenchmark {

    private static final int RECORDS = Integer.getInteger("bench.records", 200_000);
    private static final int WARMUP_RECORDS = Integer.getInteger("bench.warmup", 30_000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final int PARTITIONS = 6;
    private static final int TENANTS = 12;

    @Test
    void topologyAgainstPassThroughBaselines() throws Exception {
        String run = TestKafka.uniqueName("bench");
        String warmInput = run + ".warm";
        String input = run + ".requests";
        TestKafka.createTopics(PARTITIONS, warmInput, input);
        preload(warmInput, WARMUP_RECORDS, "warm");
        preload(input, RECORDS, "run");

        if (Boolean.getBoolean("bench.profile")) {
            // only the topology, over and over, for a profiler to look at
            for (int round = 1; round <= ROUNDS; round++) {
                drain("topology", run + "-profile-" + round, input, RECORDS);
            }
            return;
        }
        for (String app : List.of("one-hop", "chain", "topology")) {
            drain(app, run + "-warm-" + app, warmInput, WARMUP_RECORDS);
        }
        // Rounds alternate the apps and the best round of each counts, so a burst of load from
        // elsewhere on the machine does not decide the ratio.
        double oneHop = 0;
        double chain = 0;
        double topology = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            oneHop = Math.max(oneHop, drain("one-hop", run + "-one-hop-" + round, input, RECORDS));
            chain = Math.max(chain, drain("chain", run + "-chain-" + round, input, RECORDS));
            topology = Math.max(topology, drain("topology", run + "-topology-" + round, input, RECORDS));
        }

        System.out.printf("%nBENCHMARK %,d requests, %d partitions, %d tenants, exactly_once_v2, 1 stream thread,"
                + " best of %d rounds%n", RECORDS, PARTITIONS, TENANTS, ROUNDS);
        System.out.printf("  one-hop pass-through      %,10.0f records/s%n", oneHop);
        System.out.printf("  same-hop chain (1 repart.) %,9.0f records/s%n", chain);
        System.out.printf("  enrichment topology       %,10.0f records/s%n", topology);
        System.out.printf("  topology / same-hop chain %9.0f %%%n", 100 * topology / chain);
        System.out.printf("  topology / one-hop        %9.0f %%%n%n", 100 * topology / oneHop);
    }

    /** Runs one app over {@code input} until its output holds {@code count} records; returns records per second. */
    private static double drain(String kind, String applicationId, String input, int count) throws Exception {
        String output = applicationId + ".out";
        Topics topics = Topics.named(input, applicationId + ".results", applicationId + ".dlq", output);
        String budgets = applicationId + ".budgets";
        TestKafka.createTopics(PARTITIONS, output, topics.results().name(), topics.deadLetters().name(), budgets);
        StreamsBuilder builder = new StreamsBuilder();
        switch (kind) {
            case "one-hop" -> builder.stream(input, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                    .mapValues(v -> v).to(output, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
            case "chain" -> builder.stream(input, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                    .map((k, v) -> KeyValue.pair(tenantBytes(v), v))
                    .repartition(Repartitioned.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("by-tenant"))
                    .mapValues(v -> v).to(output, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
            default -> EnrichmentTopology.build(builder, new TopologySettings(topics, budgets,
                    new BudgetPolicy(new BudgetLimits(1_000_000_000_000L, 1_000_000_000_000L, false), Map.of(), 1000, 0.8),
                    Duration.ofDays(30), Duration.ofMinutes(30), Duration.ofSeconds(1)), TopologyMetrics.NONE);
        }
        Properties props = TestKafka.clientProperties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("bench-state-").toString());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        props.putAll(EnrichmentTopology.streamsSettings(topics, TopologyMetrics.NONE));
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props);
                KafkaConsumer<byte[], byte[]> counter = committedReader(applicationId)) {
            counter.subscribe(List.of(output));
            long started = System.nanoTime();
            streams.start();
            long seen = 0;
            long firstAt = 0;
            long firstBatch = 0;
            CpuClock cpu = null;
            while (seen < count) {
                int n = counter.poll(Duration.ofMillis(200)).count();
                if (n > 0 && firstAt == 0) {
                    // the clock starts at the first committed output; that first batch is not counted
                    firstAt = System.nanoTime();
                    firstBatch = n;
                    cpu = CpuClock.start(applicationId);
                }
                seen += n;
                if (System.nanoTime() - started > Duration.ofMinutes(10).toNanos()) {
                    throw new IllegalStateException(kind + " did not finish: " + seen + " of " + count);
                }
            }
            double seconds = (System.nanoTime() - firstAt) / 1e9;
            double rate = (count - firstBatch) / seconds;
            long measured = count - firstBatch;
            System.out.printf("BENCHMARK %-9s %,8d records in %6.2f s after the first output: %,9.0f records/s (start-up %.1f s);"
                    + " CPU per record: stream thread %.1f µs, whole JVM %.1f µs%n",
                    kind, count, seconds, rate, (firstAt - started) / 1e9, cpu.streamThreadNanos() / 1e3 / measured,
                    cpu.processNanos() / 1e3 / measured);
            streams.close(Duration.ofSeconds(30));
            return rate;
        }
    }

    /**
     * CPU time spent from the first committed output on: by the app's stream thread, and by the whole
     * JVM (which also runs the broker). Wall-clock rates move with other load on a shared machine; CPU
     * per record much less, so it shows what a change to the topology saves.
     */
    private record CpuClock(long processStart, List<Long> threadIds, long threadStart) {

        static CpuClock start(String applicationId) {
            List<Long> ids = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith(applicationId) && t.getName().contains("-StreamThread-"))
                    .map(Thread::getId).toList();
            return new CpuClock(processCpu(), ids, threadCpu(ids));
        }

        long processNanos() {
            return processCpu() - processStart;
        }

        long streamThreadNanos() {
            return threadCpu(threadIds) - threadStart;
        }

        private static long processCpu() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }

        private static long threadCpu(List<Long> ids) {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            return ids.stream().mapToLong(threads::getThreadCpuTime).filter(t -> t > 0).sum();
        }
    }

    private static byte[] tenantBytes(byte[] value) {
        // as cheap as a pass-through can be: the tenant's position in the payload decides the key
        String json = new String(value, StandardCharsets.UTF_8);
        int at = json.indexOf("\"tenant\":\"") + 10;
        return json.substring(at, json.indexOf('"', at)).getBytes(StandardCharsets.UTF_8);
    }

    private static KafkaConsumer<byte[], byte[]> committedReader(String applicationId) {
        Properties props = TestKafka.clientProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, applicationId + "-counter");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static void preload(String topic, int count, String prefix) {
        Properties props = TestKafka.clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        Function<Integer, String> request = i -> "{\"request_id\":\"" + prefix + "-" + i + "\",\"tenant\":\"tenant-"
                + (i % TENANTS) + "\",\"email\":\"person" + i + "@example" + (i % 97) + ".com\",\"first_name\":\"Ada\","
                + "\"last_name\":\"Lovelace\",\"company\":\"Analytical Engines\",\"attributes\":{\"crm_id\":" + i + "}}";
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, null, request.apply(i).getBytes(StandardCharsets.UTF_8)));
            }
        }
    }
}
