package io.clayenrichment.enrichment.dispatch;

import static io.clayenrichment.enrichment.dispatch.DispatcherTestKit.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clayenrichment.common.schema.OutboundRow;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sustained sending against a server that enforces Clay's workspace limit. Each test first sends a
 * few rows without the limit: the very first requests of a cold JVM (class loading, new
 * connections) can arrive bunched together, which is the start-up caveat docs/known-limits.md names; the
 * limit is checked on the sustained traffic after that.
 */
class ClayDispatcherRateLimitTest {

    private static final Logger LOG = LoggerFactory.getLogger(ClayDispatcherRateLimitTest.class);
    private static final double RATE = 10;
    private static final int BURST = 4;

    @Test
    void sustainedSendingStaysUnderAServerEnforcingTheSameLimitWithNo429() {
        try (ScriptedClay clay = new ScriptedClay(); DispatcherTestKit kit = new DispatcherTestKit(4)) {
            limited(kit, clay).start();
            warmUp(kit, clay);

            clay.enforceRateLimit(RATE, BURST);
            List<OutboundRow> rows = rows("r", 40);
            kit.produce(rows);
            await().atMost(WAIT).until(() -> clay.accepted().size() == 8 + rows.size());

            List<ScriptedClay.Received> limited = clay.received().subList(8, clay.received().size());
            assertThat(limited).noneMatch(r -> r.answeredStatus() == 429).hasSize(rows.size());
            double seconds = (limited.get(limited.size() - 1).arrivedNanos() - limited.get(0).arrivedNanos()) / 1e9;
            double achieved = (limited.size() - 1) / seconds;
            LOG.info("sent {} rows in {} s: {} rows/s against a limit of {}/s (burst {})", limited.size(),
                    String.format("%.2f", seconds), String.format("%.2f", achieved), RATE, BURST);
            // Close to the limit, not far under it: a limiter that is too careful wastes the workspace's throughput.
            assertThat(achieved).isBetween(RATE * 0.5, RATE + BURST);
        }
    }

    @Test
    void twoInstancesSplitTheWorkspaceLimitByPartitionsAndTogetherStayUnderIt() {
        try (ScriptedClay clay = new ScriptedClay(); DispatcherTestKit kit = new DispatcherTestKit(4)) {
            SimpleMeterRegistry one = new SimpleMeterRegistry();
            SimpleMeterRegistry two = new SimpleMeterRegistry();
            limited(kit, clay).start(one);
            kit.start(two);
            await().atMost(WAIT).until(() -> rateLimit(one) == RATE / 2 && rateLimit(two) == RATE / 2);
            warmUp(kit, clay);

            clay.enforceRateLimit(RATE, BURST);
            List<OutboundRow> rows = rows("s", 30);
            kit.produce(rows);
            await().atMost(WAIT).until(() -> clay.accepted().size() == 8 + rows.size());
            assertThat(clay.received()).noneMatch(r -> r.answeredStatus() == 429);
            // a dispatcher counts a row once it has handled Clay's answer, a moment after Clay counted it
            await().atMost(WAIT).untilAsserted(() -> assertThat(sent(one) + sent(two)).isEqualTo(8 + rows.size()));
            assertThat(sent(one)).isPositive();
            assertThat(sent(two)).isPositive();
        }
    }

    private static DispatcherTestKit limited(DispatcherTestKit kit, ScriptedClay clay) {
        return kit.webhooks(clay, "table-a")
                .set("CLAY_RATE_LIMIT_PER_SECOND", Double.toString(RATE))
                .set("CLAY_RATE_LIMIT_BURST", Integer.toString(BURST));
    }

    /** Eight rows over eight contacts, so every partition's lane and connection has been used once. */
    private static void warmUp(DispatcherTestKit kit, ScriptedClay clay) {
        kit.produce(rows("warm", 8));
        await().atMost(WAIT).until(() -> clay.accepted().size() == 8);
    }

    private static List<OutboundRow> rows(String prefix, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> DispatcherTestKit.row("email:" + prefix + (i % 8) + "@example.com", "acme", i)).toList();
    }

    private static double rateLimit(SimpleMeterRegistry registry) {
        var gauge = registry.find("clay.enrichment.clay.rate.limit").gauge();
        return gauge == null ? -1 : gauge.value();
    }

    private static double sent(SimpleMeterRegistry registry) {
        var counter = registry.find("clay.enrichment.clay.rows").tag("outcome", "sent").counter();
        return counter == null ? 0 : counter.count();
    }
}
