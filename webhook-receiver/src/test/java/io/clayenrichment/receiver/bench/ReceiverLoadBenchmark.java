package io.clayenrichment.receiver.bench;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.testing.TestKafka;
import io.clayenrichment.receiver.ReceiverSettings;
import io.clayenrichment.receiver.WebhookReceiver;
import io.clayenrichment.receiver.publish.ResultPublisher;
import io.clayenrichment.receiver.support.RunningReceiver;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Callbacks per second and latency of the receiver publishing to a real broker, against a baseline
 * measured in the same run: the same server and request path, answering 200 without publishing.
 * Run with {@code mvn -B -q -pl webhook-receiver -am test -DskipTests -Pbenchmark} (docs/benchmarks.md).
 */
public final class ReceiverLoadBenchmark {

    private ReceiverLoadBenchmark() {}

    public static void main(String[] args) throws Exception {
        LoadSettings load = LoadSettings.fromSystemProperties();
        String bootstrap = TestKafka.bootstrapServers();
        String topic = TestKafka.uniqueName("bench-results");
        TestKafka.createTopics(6, topic);
        Map<String, String> env = new java.util.HashMap<>(RunningReceiver.environment(bootstrap, topic));
        env.put("MAX_BODY_BYTES", "1048576");
        ReceiverSettings settings = ReceiverSettings.fromEnv(new Env(env));
        System.out.printf(Locale.ROOT, "%d cores, load average %.1f, %s%n", Runtime.getRuntime().availableProcessors(),
                loadAverage(), load);

        // One discarded round lets the JIT compile both paths; measured rounds then alternate, so that a
        // change in what else runs on the machine weighs on both sides alike.
        List<LoadResult> baselines = new ArrayList<>();
        List<LoadResult> receivers = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round <= load.rounds(); round++) {
            String label = round == 0 ? "warm-up round" : "round " + round;
            LoadResult baseline = measure(label + " baseline", settings, registry -> new Acknowledging(), load);
            LoadResult receiver = measure(label + " receiver", settings, null, load);
            if (round > 0) {
                baselines.add(baseline);
                receivers.add(receiver);
                ratios.add(receiver.perSecond() / baseline.perSecond());
            }
        }
        ratios.sort(Comparator.naturalOrder());
        System.out.printf(Locale.ROOT, "%nmedian of %d measured rounds, load average now %.1f%n", load.rounds(),
                loadAverage());
        System.out.printf(Locale.ROOT, "%-45s %s%n", "baseline (parse + 200, no Kafka)", median(baselines));
        System.out.printf(Locale.ROOT, "%-45s %s%n", "receiver (publish, answer after ack)", median(receivers));
        System.out.printf(Locale.ROOT, "throughput ratio receiver/baseline: median %.0f%% (rounds: %s)%n",
                100 * ratios.get(ratios.size() / 2),
                ratios.stream().map(r -> String.format(Locale.ROOT, "%.0f%%", 100 * r)).toList());
        System.exit(0);
    }

    private static LoadResult median(List<LoadResult> results) {
        List<LoadResult> sorted = new ArrayList<>(results);
        sorted.sort(Comparator.comparingDouble(LoadResult::perSecond));
        return sorted.get(sorted.size() / 2);
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static LoadResult measure(String name, ReceiverSettings settings,
            Function<PrometheusMeterRegistry, ResultPublisher> publisher, LoadSettings load) throws Exception {
        WebhookReceiver receiver = publisher == null ? WebhookReceiver.start(settings)
                : WebhookReceiver.start(settings, publisher);
        try (ClosedLoopClient client = new ClosedLoopClient(receiver.port(), load)) {
            client.run(load.warmup());
            LoadResult result = client.run(load.measure());
            System.out.printf(Locale.ROOT, "%-45s %s%n", name, result);
            return result;
        } finally {
            receiver.close();
        }
    }

    /** The baseline's publisher: acknowledges at once, so the run measures everything but Kafka. */
    private static final class Acknowledging implements ResultPublisher {
        @Override
        public CompletableFuture<Void> publish(io.clayenrichment.common.schema.EnrichmentResult result) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {}
    }

    record LoadSettings(int connections, int clientThreads, Duration warmup, Duration measure, int rounds) {
        static LoadSettings fromSystemProperties() {
            return new LoadSettings(Integer.getInteger("bench.connections", 64),
                    Integer.getInteger("bench.threads", 2),
                    Duration.ofSeconds(Integer.getInteger("bench.warmup.seconds", 10)),
                    Duration.ofSeconds(Integer.getInteger("bench.measure.seconds", 20)),
                    Integer.getInteger("bench.rounds", 3));
        }

        @Override
        public String toString() {
            return connections + " connections, " + clientThreads + " client threads, " + rounds
                    + " alternating rounds of warm-up " + warmup.toSeconds() + " s + measured " + measure.toSeconds()
                    + " s";
        }
    }
}
