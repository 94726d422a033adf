package io.clayenrichment.enrichment.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clayenrichment.common.schema.OutboundRow;
import io.clayenrichment.common.schema.Priority;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Priority lanes on a real broker, against a server that enforces Clay's workspace limit: the
 * dispatcher sends at the limit from a backlog of thousands of normal rows, and rows of the other
 * lanes still go when their turn says, not when the backlog has drained.
 */
class ClayDispatcherLanesTest {

    private static final Logger LOG = LoggerFactory.getLogger(ClayDispatcherLanesTest.class);
    private static final double RATE = 10;
    private static final int BURST = 4;
    private static final int BACKLOG = 3000;

    @Test
    void anUrgentRowIsPostedWithinTwoSecondsOfBeingProducedBehindABacklogOfThousandsAtTheRateLimit() {
        try (ScriptedClay clay = new ScriptedClay(); DispatcherTestKit kit = new DispatcherTestKit(4)) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            limited(kit, clay).start(registry);
            warmUp(kit, clay);
            clay.enforceRateLimit(RATE, BURST);
            kit.produceTo(Priority.NORMAL, rows("n", BACKLOG));
            await().atMost(DispatcherTestKit.WAIT).until(() -> clay.accepted().size() >= 8 + 30);

            OutboundRow urgent = DispatcherTestKit.row("email:hot-lead@example.com", "acme", 1);
            long producedAt = System.nanoTime();
            kit.produceTo(Priority.URGENT, List.of(urgent));
            await().atMost(Duration.ofSeconds(30)).until(() -> !postsOf(clay, urgent).isEmpty());

            long waitedMillis = (postsOf(clay, urgent).get(0).arrivedNanos() - producedAt) / 1_000_000;
            int normalSent = clay.accepted().size() - 8 - 1;
            LOG.info("urgent row POSTed {} ms after it was produced, behind {} normal rows still waiting", waitedMillis,
                    BACKLOG - normalSent);
            assertThat(waitedMillis).isLessThan(2000);
            assertThat(BACKLOG - normalSent).as("the backlog was still there").isGreaterThan(2000);
            assertThat(clay.received()).noneMatch(r -> r.answeredStatus() == 429);
            await().atMost(DispatcherTestKit.WAIT).untilAsserted(() -> assertThat(registry
                    .find("clay.enrichment.clay.lane.queued").tag("lane", "normal").gauge().value())
                    .as("the normal lane's backlog, measured").isGreaterThan(2000));
            assertThat(registry.find("clay.enrichment.clay.lane.sent").tag("lane", "urgent").counter().count())
                    .isEqualTo(1);
        }
    }

    @Test
    void backfillRowsStillGetThroughUnderASteadyNormalLoadAtAboutTheirWeightsShare() {
        try (ScriptedClay clay = new ScriptedClay(); DispatcherTestKit kit = new DispatcherTestKit(4)) {
            limited(kit, clay).start();
            warmUp(kit, clay);
            clay.enforceRateLimit(RATE, BURST);
            kit.produceTo(Priority.NORMAL, rows("n", BACKLOG));
            await().atMost(DispatcherTestKit.WAIT).until(() -> clay.accepted().size() >= 8 + 30);

            List<OutboundRow> backfill = rows("b", 3).stream()
                    .map(row -> DispatcherTestKit.row(row.contactKey().replace("b", "refresh-b"), "acme", 1)).toList();
            kit.produceTo(Priority.BACKFILL, backfill);
            // at 10 rows/s shared 10 to 1, a backfill row goes about every 1.1 s
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> backfill.stream().allMatch(row -> !postsOf(clay, row).isEmpty()));

            List<ScriptedClay.Received> accepted = clay.accepted();
            List<Integer> positions = backfill.stream().map(row -> indexOf(accepted, row)).sorted().toList();
            int normalBetween = positions.get(2) - positions.get(0) - 1 - 1;
            LOG.info("3 backfill rows sent at positions {}: {} normal rows between the first and the last", positions,
                    normalBetween);
            // the normal lane kept most of the rate (10 to 1: about 20 rows between them), yet backfill got through
            assertThat(normalBetween).isBetween(10, 40);
            assertThat(clay.received()).noneMatch(r -> r.answeredStatus() == 429);
        }
    }

    private static DispatcherTestKit limited(DispatcherTestKit kit, ScriptedClay clay) {
        return kit.webhooks(clay, "table-a")
                .set("CLAY_RATE_LIMIT_PER_SECOND", Double.toString(RATE))
                .set("CLAY_RATE_LIMIT_BURST", Integer.toString(BURST));
    }

    /** Eight normal rows first: a cold JVM's first requests can arrive bunched (docs/known-limits.md). */
    private static void warmUp(DispatcherTestKit kit, ScriptedClay clay) {
        kit.produceTo(Priority.NORMAL, rows("warm", 8));
        await().atMost(DispatcherTestKit.WAIT).until(() -> clay.accepted().size() == 8);
    }

    private static List<OutboundRow> rows(String prefix, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> DispatcherTestKit.row("email:" + prefix + i + "@example.com", "acme", i)).toList();
    }

    private static List<ScriptedClay.Received> postsOf(ScriptedClay clay, OutboundRow row) {
        return clay.received(r -> r.body().contains(row.correlationId()));
    }

    private static int indexOf(List<ScriptedClay.Received> accepted, OutboundRow row) {
        return IntStream.range(0, accepted.size()).filter(i -> accepted.get(i).body().contains(row.correlationId()))
                .findFirst().orElseThrow();
    }
}
