package io.clayenrichment.local.e2e;

import static org.awaitility.Awaitility.await;

import io.clayenrichment.sandbox.faults.FaultSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How close the dispatcher comes to Clay's limits: the whole platform against the sandbox, first with
 * one workspace at 10 rows a second (the baseline), then with two workspaces at 10 rows a second each
 * and one tenant spread over both, in the same run. Each run sends {@code bench.requests} distinct
 * contacts at once and measures, from Clay's side, the rate from its first accepted row to its last,
 * and counts Clay's 429s over the whole run. Not part of the test command; run with
 * {@code -Dbenchmark=true -Dtest=TwoWorkspacesBenchmark} (docs/benchmarks.md).
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class TwoWorkspacesBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(TwoWorkspacesBenchmark.class);
    private static final int REQUESTS = Integer.getInteger("bench.requests", 1200);

    @Test
    void oneWorkspaceThenTwo() throws Exception {
        // budgets far above the run, so that every request goes to Clay
        Map<String, String> settings = Map.of("RESULT_TIMEOUT", "PT10M", "CREDIT_BUDGET_DAILY", "1000000",
                "CREDIT_BUDGET_MONTHLY", "10000000");
        Result one;
        try (Platform platform = Platform.start(oneWorkspace(settings), sandbox -> sandbox.faults(FaultSettings.NONE)
                .rateLimit(TwoWorkspacesEndToEndTest.RATE, TwoWorkspacesEndToEndTest.BURST + Platform.PARTITIONS),
                List.of("table-1"))) {
            one = measure(platform, REQUESTS / 2);
        }
        Result two;
        try (Platform platform = TwoWorkspacesEndToEndTest.startTwoWorkspaces(settings)) {
            two = measure(platform, REQUESTS);
        }
        double ratioOne = one.rowsPerSecond() / TwoWorkspacesEndToEndTest.RATE;
        double ratioTwo = two.rowsPerSecond() / (2.0 * TwoWorkspacesEndToEndTest.RATE);
        LOG.info("BENCHMARK one workspace: {} rows in {} s = {} rows/s, {} of 10/s, steady {} rows/s, {} x 429",
                one.rows(), fmt(one.seconds()), fmt(one.rowsPerSecond()), pct(ratioOne), fmt(one.steady()), one.rateLimited());
        LOG.info("BENCHMARK two workspaces: {} rows in {} s = {} rows/s, {} of 20/s, steady {} rows/s, {} x 429",
                two.rows(), fmt(two.seconds()), fmt(two.rowsPerSecond()), pct(ratioTwo), fmt(two.steady()), two.rateLimited());
        LOG.info("BENCHMARK two workspaces against one: {} of twice the baseline's rate", pct(two.rowsPerSecond()
                / (2 * one.rowsPerSecond())));
    }

    private static Map<String, String> oneWorkspace(Map<String, String> settings) {
        Map<String, String> env = new java.util.HashMap<>(settings);
        env.put("CLAY_RATE_LIMIT_PER_SECOND", Integer.toString(TwoWorkspacesEndToEndTest.RATE));
        env.put("CLAY_RATE_LIMIT_BURST", Integer.toString(TwoWorkspacesEndToEndTest.BURST));
        return env;
    }

    /** Sends {@code count} requests and samples Clay's accepted count every 50 ms until all are in. */
    private static Result measure(Platform platform, int count) throws Exception {
        platform.produce(TwoWorkspacesEndToEndTest.requests("acme", count));
        List<long[]> samples = new ArrayList<>();
        await().atMost(Duration.ofSeconds(count / 5 + 60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            long accepted = platform.sandbox.stats().accepted();
            samples.add(new long[] {System.nanoTime(), accepted});
            return accepted >= count;
        });
        long first = timeOf(samples, 1);
        long last = timeOf(samples, count);
        long tenth = timeOf(samples, count / 10);
        long ninetieth = timeOf(samples, count * 9 / 10);
        double seconds = (last - first) / 1e9;
        double steady = (count * 9 / 10 - count / 10) / ((ninetieth - tenth) / 1e9);
        return new Result(count, seconds, (count - 1) / seconds, steady, platform.sandbox.stats().rejected(429));
    }

    private static long timeOf(List<long[]> samples, long accepted) {
        return samples.stream().filter(sample -> sample[1] >= accepted).findFirst().orElseThrow()[0];
    }

    private record Result(int rows, double seconds, double rowsPerSecond, double steady, long rateLimited) {}

    private static String fmt(double value) {
        return String.format("%.2f", value);
    }

    private static String pct(double ratio) {
        return String.format("%.1f %%", 100 * ratio);
    }
}
