package io.clayenrichment.enrichment.bench;

import io.clayenrichment.common.schema.EnrichmentRequest;
import io.clayenrichment.common.schema.Tenants;
import io.clayenrichment.common.testing.TestKafka;
import io.clayenrichment.common.topics.Topics;
import io.clayenrichment.enrichment.budget.BudgetLimits;
import io.clayenrichment.enrichment.budget.BudgetPolicy;
import io.clayenrichment.enrichment.budget.WorkspaceBudget;
import io.clayenrichment.enrichment.refresh.RefreshSettings;
import io.clayenrichment.enrichment.tenants.TenantSettings;
import io.clayenrichment.enrichment.metrics.TopologyMetrics;
import io.clayenrichment.enrichment.topology.EnrichmentTopology;
import io.clayenrichment.enrichment.topology.Parsed;
import io.clayenrichment.enrichment.topology.TopologySettings;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Throughput of the enrichment topology (validate, cache lookup, budget, exactly-once) against two
 * baselines on the same broker in the same run: a one-hop pass-through, and a pass-through chain with
 * the topology's number of topic hops (one repartition). Three more apps measure, with no logic, what
 * every correct topology must do on top of the chain: validate each request (the topology's
 * validation and re-keying alone), keep each attempt durably (the chain plus one changelogged entry
 * per record), and both at once (the minimum). Where {@code /proc} is there, each run also shows
 * where the JVM's CPU went, by thread. Not part of the test command; run with
 * {@code -Dbenchmark=true -Dtest=TopologyBenchmark} (see docs/benchmarks.md).
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class TopologyBenchmark {

    private static final int RECORDS = Integer.getInteger("bench.records", 200_000);
    private static final int WARMUP_RECORDS = Integer.getInteger("bench.warmup", 30_000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final int PARTITIONS = 6;
    /** 1 measures one tenant, whose decisions are one partition's, one task's, one thread's. */
    private static final int TENANTS = Integer.getInteger("bench.tenants", 12);
    /** Stream threads of every app; an app named {@code topology@6} runs with 6 instead. */
    private static final int THREADS = Integer.getInteger("bench.threads", 1);
    private static final List<String> APPS = List.of("one-hop", "chain", "stateful", "validate", "minimum", "topology", "workspace");
    private static final Map<String, String> DESCRIPTIONS = Map.of(
            "one-hop", "one-hop pass-through",
            "chain", "same-hop chain (1 repartition)",
            "stateful", "chain + a changelogged entry each",
            "validate", "validate and re-key (1 repart.)",
            "minimum", "validate, re-key, keep each",
            "topology", "enrichment topology",
            "workspace", "topology + workspace budget");

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
        List<String> apps = List.of(System.getProperty("bench.apps", String.join(",", APPS)).split(","));
        for (String app : apps) {
            drain(app, run + "-warm-" + app.replace('@', 't'), warmInput, WARMUP_RECORDS);
        }
        // Rounds alternate the apps and the best round of each counts, so a burst of load from
        // elsewhere on the machine does not decide the ratio.
        Map<String, Run> best = new HashMap<>();
        for (int round = 1; round <= ROUNDS; round++) {
            for (String app : apps) {
                best.merge(app, drain(app, run + "-" + app.replace('@', 't') + "-" + round, input, RECORDS), Run::better);
            }
        }

        System.out.printf("%nBENCHMARK %,d requests, %d partitions, %d tenants, exactly_once_v2, %d stream thread(s),"
                + " best of %d rounds%n", RECORDS, PARTITIONS, TENANTS, THREADS, ROUNDS);
        System.out.printf("  %-32s %14s %28s%n", "", "records/s", "CPU µs/record, JIT aside");
        for (String app : apps) {
            System.out.printf("  %-32s %,14.0f %28.1f%n", description(app), best.get(app).rate(),
                    best.get(app).cpuWithoutJit());
        }
        for (String app : apps) {
            if (app.contains("@")) {
                ratio(best, app, kindOf(app), description(app) + " / " + THREADS + " thread(s)");
            }
        }
        ratio(best, "topology", "chain", "topology / same-hop chain (goal: 75 %)");
        ratio(best, "topology", "one-hop", "topology / one-hop");
        ratio(best, "stateful", "chain", "chain + entry each / same-hop chain");
        ratio(best, "validate", "chain", "validate and re-key / same-hop chain");
        ratio(best, "minimum", "chain", "validate, re-key, keep each / chain");
        ratio(best, "topology", "minimum", "topology / validate, re-key, keep each");
        ratio(best, "workspace", "topology", "with workspace budget / topology");
        System.out.println();
    }

    /** The service's topology on the run's own topics (every input must exist, or Streams leaves its task out). */
    static TopologySettings benchTopology(Topics topics, String budgets, String receipts, String budgetChanges,
            String grants, boolean workspace) {
        TopologySettings settings = new TopologySettings(topics, budgets, receipts, budgetChanges,
                new BudgetPolicy(new BudgetLimits(1_000_000_000_000L, 1_000_000_000_000L, false), Map.of(), 1000, 0.8),
                Duration.ofDays(30), Duration.ofMinutes(30), Duration.ofSeconds(1), RefreshSettings.OFF,
                TopologySettings.DEFAULT_LATE_RESULT_WINDOW, TopologySettings.DEFAULT_MAX_WAITERS_PER_CONTACT,
                TenantSettings.SERVE_ALL, WorkspaceBudget.OFF, TopologySettings.NEWEST_RECORD_VERSION);
        return settings.withWorkspace(new WorkspaceBudget(workspace
                ? new BudgetLimits(1_000_000_000_000L, 1_000_000_000_000L, false) : null, grants));
    }

    /** The app's kind: {@code topology@6} is the topology. */
    private static String kindOf(String app) {
        return app.replaceAll("@.*", "");
    }

    private static int threadsOf(String app) {
        return app.contains("@") ? Integer.parseInt(app.substring(app.indexOf('@') + 1)) : THREADS;
    }

    private static String description(String app) {
        String kind = DESCRIPTIONS.getOrDefault(kindOf(app), kindOf(app));
        return app.contains("@") ? kind + ", " + threadsOf(app) + " threads" : kind;
    }

    private static void ratio(Map<String, Run> best, String app, String baseline, String label) {
        if (best.containsKey(app) && best.containsKey(baseline)) {
            System.out.printf("  %-38s %5.0f %% by rate, %5.0f %% by CPU (JIT aside)%n", label,
                    100 * best.get(app).rate() / best.get(baseline).rate(),
                    100 * best.get(baseline).cpuWithoutJit() / best.get(app).cpuWithoutJit());
        }
    }

    /**
     * One app's measured run: its rate, and its whole JVM's CPU per record without the JIT compiler and
     * the benchmark's own reader (-1 where {@code /proc} is not there). The better of two runs keeps
     * the higher rate and the lower CPU, which may come from different rounds.
     */
    private record Run(double rate, double cpuWithoutJit) {

        static Run better(Run a, Run b) {
            double cpu = a.cpuWithoutJit() < 0 ? b.cpuWithoutJit() : b.cpuWithoutJit() < 0 ? a.cpuWithoutJit()
                    : Math.min(a.cpuWithoutJit(), b.cpuWithoutJit());
            return new Run(Math.max(a.rate(), b.rate()), cpu);
        }
    }

    /** Runs one app over {@code input} until its output holds {@code count} records. */
    private static Run drain(String app, String applicationId, String input, int count) throws Exception {
        String kind = kindOf(app);
        String output = applicationId + ".out";
        Topics topics = Topics.named(input, applicationId + ".results", applicationId + ".dlq", output);
        String budgets = applicationId + ".budgets";
        String grants = applicationId + ".grants";
        String receipts = applicationId + ".receipts";
        String budgetChanges = applicationId + ".budget-changes";
        TestKafka.createTopics(PARTITIONS, output, topics.results().name(), topics.deadLetters().name(), budgets,
                grants, receipts);
        TestKafka.createTopics(1, budgetChanges);
        StreamsBuilder builder = new StreamsBuilder();
        switch (kind) {
            case "one-hop" -> builder.stream(input, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                    .mapValues(v -> v).to(output, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
            case "chain" -> repartitioned(searchedByTenant(builder, input))
                    .mapValues(v -> v).to(output, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
            // The chain, keeping each record in a changelogged in-memory store as the topology keeps each
            // attempt: what exactly-once state per record costs in Kafka Streams itself, with no logic.
            case "stateful" -> keepEach(builder, repartitioned(searchedByTenant(builder, input)))
                    .to(output, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
            // The topology's first step alone: parse and check each request as the intake does (the
            // dead-letter handler takes unreadable ones), key it by tenant, one repartition, output.
            case "validate" -> repartitioned(validRequestsByTenant(builder, input))
                    .mapValues(v -> v).to(output, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
            // Both at once, the least any correct topology does: validate, re-key, keep each request durably.
            case "minimum" -> keepEach(builder, repartitioned(validRequestsByTenant(builder, input)))
                    .to(output, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
            case "topology" -> EnrichmentTopology.build(builder, benchTopology(topics, budgets, receipts, budgetChanges, grants, false),
                    TopologyMetrics.NONE);
            // Every request reserves from its task's lease of a workspace budget far above the run's spend.
            case "workspace" -> EnrichmentTopology.build(builder, benchTopology(topics, budgets, receipts, budgetChanges, grants, true),
                    TopologyMetrics.NONE);
            default -> throw new IllegalArgumentException("no app " + kind + "; bench.apps takes " + APPS);
        }
        Properties props = TestKafka.clientProperties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("bench-state-").toString());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threadsOf(app));
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
            ThreadCpu threadsAtFirst = null;
            while (seen < count) {
                int n = counter.poll(Duration.ofMillis(200)).count();
                if (n > 0 && firstAt == 0) {
                    // the clock starts at the first committed output; that first batch is not counted
                    firstAt = System.nanoTime();
                    firstBatch = n;
                    cpu = CpuClock.start(applicationId);
                    threadsAtFirst = ThreadCpu.available() ? ThreadCpu.now(applicationId) : null;
                }
                seen += n;
                if (System.nanoTime() - started > Duration.ofMinutes(10).toNanos()) {
                    throw new IllegalStateException(kind + " did not finish: " + seen + " of " + count);
                }
            }
            double seconds = (System.nanoTime() - firstAt) / 1e9;
            double rate = (count - firstBatch) / seconds;
            long measured = count - firstBatch;
            double processMicros = cpu.processNanos() / 1e3 / measured;
            System.out.printf("BENCHMARK %-9s %,8d records in %6.2f s after the first output: %,9.0f records/s (start-up %.1f s);"
                    + " CPU per record: stream thread %.1f µs, whole JVM %.1f µs%n",
                    kind, count, seconds, rate, (firstAt - started) / 1e9, cpu.streamThreadNanos() / 1e3 / measured,
                    processMicros);
            double withoutJit = -1;
            if (threadsAtFirst != null) {
                Map<String, Double> byGroup = ThreadCpu.now(applicationId).microsPerRecordSince(threadsAtFirst, measured);
                StringBuilder line = new StringBuilder("BENCHMARK   by thread, µs per record:");
                byGroup.forEach((group, micros) -> line.append(String.format(" %s %.1f,", group, micros)));
                System.out.println(line.substring(0, line.length() - 1));
                withoutJit = byGroup.values().stream().mapToDouble(Double::doubleValue).sum() - byGroup.get("jit")
                        - byGroup.get("reader");
            }
            streams.close(Duration.ofSeconds(30));
            printBytesByTopic(applicationId, count);
            return new Run(rate, withoutJit);
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

    /** Requests that parse and have a tenant and a usable identity, keyed by tenant, with their original bytes. */
    private static KStream<byte[], byte[]> validRequestsByTenant(StreamsBuilder builder, String input) {
        return builder.stream(input, Consumed.with(Serdes.ByteArray(), Parsed.serde(EnrichmentRequest.class)))
                .flatMap((key, parsed) -> {
                    EnrichmentRequest request = parsed.value().normalised();
                    String tenant = request.tenantOrDefault();
                    return request.contactKey().isEmpty() || Tenants.problem(tenant).isPresent() ? List.of()
                            : List.of(KeyValue.pair(tenant.getBytes(StandardCharsets.UTF_8), parsed.raw()));
                });
    }

    /** Requests keyed by tenant as cheaply as a pass-through can: the tenant is found by a string search. */
    private static KStream<byte[], byte[]> searchedByTenant(StreamsBuilder builder, String input) {
        return builder.stream(input, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .map((k, v) -> KeyValue.pair(tenantBytes(v), v));
    }

    /** The one topic hop every app but the one-hop pass-through makes, as the topology does. */
    private static KStream<byte[], byte[]> repartitioned(KStream<byte[], byte[]> byTenant) {
        return byTenant.repartition(Repartitioned.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("by-tenant"));
    }

    /** Each record put into an in-memory store with a changelog, as the topology keeps its attempts. */
    private static KStream<byte[], byte[]> keepEach(StreamsBuilder builder, KStream<byte[], byte[]> records) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("kept"), Serdes.ByteArray(),
                Serdes.ByteArray()));
        return records.process(KeepEach::new, "kept");
    }

    /** Puts each record into the store under its own key (partition and offset) and passes it on. */
    private static final class KeepEach implements Processor<byte[], byte[], byte[], byte[]> {

        private ProcessorContext<byte[], byte[]> context;
        private KeyValueStore<byte[], byte[]> kept;

        @Override
        public void init(ProcessorContext<byte[], byte[]> context) {
            this.context = context;
            this.kept = context.getStateStore("kept");
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            RecordMetadata source = context.recordMetadata().orElseThrow();
            kept.put((source.partition() + ":" + source.offset()).getBytes(StandardCharsets.UTF_8), record.value());
            context.forward(record);
        }
    }

    private static byte[] tenantBytes(byte[] value) {
        // as cheap as a pass-through can be: the tenant's position in the payload decides the key
        String json = new String(value, StandardCharsets.UTF_8);
        int at = json.indexOf("\"tenant\":\"") + 10;
        return json.substring(at, json.indexOf('"', at)).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * What the app wrote, per request, to each of its topics (its outputs, repartition topics and
     * changelogs), from the broker's log sizes: record batches with their keys, headers and
     * transaction markers, what the broker stores and serves.
     */
    private static void printBytesByTopic(String applicationId, int requests) throws Exception {
        try (Admin admin = Admin.create(TestKafka.clientProperties())) {
            List<Integer> brokers = admin.describeCluster().nodes().get().stream().map(Node::id).toList();
            Map<String, Long> bytes = new TreeMap<>();
            admin.describeLogDirs(brokers).allDescriptions().get().values().forEach(dirs -> dirs.values()
                    .forEach(dir -> dir.replicaInfos().forEach((partition, replica) -> {
                        String topic = partition.topic();
                        // the app's own topics are named "<id>.<name>", those Kafka Streams makes "<id>-<name>"
                        if (topic.startsWith(applicationId + ".") || topic.startsWith(applicationId + "-")) {
                            bytes.merge(topic.substring(applicationId.length() + 1), replica.size(), Long::sum);
                        }
                    })));
            StringBuilder line = new StringBuilder("BENCHMARK   bytes per request by topic:");
            bytes.forEach((topic, size) -> {
                if (size > 0) {
                    line.append(String.format(" %s %.0f,", topic, (double) size / requests));
                }
            });
            line.append(String.format(" all %.0f", bytes.values().stream().mapToLong(Long::longValue).sum()
                    / (double) requests));
            System.out.println(line);
        }
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
