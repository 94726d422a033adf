package io.clayenrichment.enrichment.bench;

import io.clayenrichment.common.schema.OutboundRow;
import io.clayenrichment.enrichment.dispatch.DispatcherBenchmarkKit;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What the durable intent before each row's first POST (a {@code sending} receipt and a commit past
 * the row, both acknowledged by Kafka) costs: rows per second through the dispatcher to a Clay stand-in
 * that answers at once, against a baseline in the same run that POSTs the same rows with the same
 * number in flight (one per partition) and no Kafka at all; and the intent's own latency. Clay
 * itself takes about 10 rows a second per workspace. Not part of the test command; run with
 * {@code -Dbenchmark=true -Dtest=DispatcherIntentBenchmark}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class DispatcherIntentBenchmark {

    private static final int PARTITIONS = 6;
    private static final int ROWS = Integer.getInteger("bench.rows", 3000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

    @Test
    void theIntentCostsLittleBesideClaysRate() throws Exception {
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                "%n| round | direct POSTs/s | dispatcher rows/s | ratio | intent p50 ms | intent p99 ms |%n"
                        + "|---|---|---|---|---|---|%n"));
        for (int round = 1; round <= ROUNDS; round++) {
            try (DispatcherBenchmarkKit kit = new DispatcherBenchmarkKit(PARTITIONS)) {
                List<OutboundRow> rows = kit.rows(ROWS);
                double direct = directPostsPerSecond(kit.url(), rows);
                SimpleMeterRegistry registry = new SimpleMeterRegistry();
                registry.config().meterFilter(new io.micrometer.core.instrument.config.MeterFilter() {
                    @Override
                    public io.micrometer.core.instrument.distribution.DistributionStatisticConfig configure(
                            io.micrometer.core.instrument.Meter.Id id,
                            io.micrometer.core.instrument.distribution.DistributionStatisticConfig config) {
                        return io.micrometer.core.instrument.distribution.DistributionStatisticConfig.builder()
                                .percentiles(0.5, 0.99).build().merge(config);
                    }
                });
                double dispatched = kit.dispatchedRowsPerSecond(rows, registry);
                Timer intent = registry.get("clay.enrichment.clay.intent").timer();
                report.append(String.format(Locale.ROOT, "| %d | %.0f | %.0f | %.0f %% | %.1f | %.1f |%n", round, direct,
                        dispatched, 100 * dispatched / direct, percentileMs(intent, 0.5), percentileMs(intent, 0.99)));
            }
        }
        System.out.println(ROWS + " rows over " + PARTITIONS + " partitions, one in flight per partition" + report);
    }

    /** The same rows POSTed straight to the stand-in, one in flight per partition, no Kafka. */
    private static double directPostsPerSecond(URI url, List<OutboundRow> rows) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        List<List<byte[]>> lanes = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            lanes.add(new ArrayList<>());
        }
        for (int i = 0; i < rows.size(); i++) {
            lanes.get(i % PARTITIONS).add(io.clayenrichment.common.json.Json.write(rows.get(i)));
        }
        long started = System.nanoTime();
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (List<byte[]> lane : lanes) {
            running.add(CompletableFuture.runAsync(() -> lane.forEach(body -> {
                try {
                    http.send(HttpRequest.newBuilder(url).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.discarding());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            })));
        }
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
        return rows.size() / (Duration.ofNanos(System.nanoTime() - started).toNanos() / 1e9);
    }

    private static double percentileMs(Timer timer, double percentile) {
        for (ValueAtPercentile value : timer.takeSnapshot().percentileValues()) {
            if (value.percentile() == percentile) {
                return value.value(TimeUnit.MILLISECONDS);
            }
        }
        return Double.NaN;
    }
}
