package io.clayenrichment.enrichment.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clayenrichment.common.schema.DispatchReceipt;
import io.clayenrichment.common.schema.OutboundRow;
import io.clayenrichment.common.schema.Priority;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several Clay workspaces, each a server of its own enforcing its own rate limit and token: rows go to
 * the workspaces their tenant may use, each workspace's limit holds on its own, and together they carry
 * more than one workspace could.
 */
class ClayDispatcherWorkspacesTest {

    private static final Logger LOG = LoggerFactory.getLogger(ClayDispatcherWorkspacesTest.class);
    private static final double RATE = 10;
    private static final int BURST = 4;

    @Test
    void aTenantSpreadOverTwoWorkspacesGetsBothRatesWithNo429AndEachWorkspacesOwnToken() {
        try (ScriptedClay first = new ScriptedClay(); ScriptedClay second = new ScriptedClay();
                DispatcherTestKit kit = new DispatcherTestKit(4)) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            twoWorkspaces(kit, first, second).start(registry);
            kit.produceTo(Priority.NORMAL, rows("warm", "acme", 8));
            await().atMost(DispatcherTestKit.WAIT).until(() -> first.accepted().size() + second.accepted().size() == 8);

            first.enforceRateLimit(RATE, BURST);
            second.enforceRateLimit(RATE, BURST);
            int count = 160;
            kit.produceTo(Priority.NORMAL, rows("r", "acme", count));
            await().atMost(DispatcherTestKit.WAIT)
                    .until(() -> first.accepted().size() + second.accepted().size() == 8 + count);

            List<ScriptedClay.Received> sent = java.util.stream.Stream.concat(first.received().stream().skip(
                    countBeforeLimit(first)), second.received().stream().skip(countBeforeLimit(second)))
                    .sorted(java.util.Comparator.comparingLong(ScriptedClay.Received::arrivedNanos)).toList();
            double seconds = (sent.get(sent.size() - 1).arrivedNanos() - sent.get(0).arrivedNanos()) / 1e9;
            double achieved = (sent.size() - 1) / seconds;
            LOG.info("{} rows over two workspaces in {} s: {} rows/s against 2 x {}/s; {} and {} rows each", sent.size(),
                    String.format("%.2f", seconds), String.format("%.2f", achieved), RATE, first.accepted().size(),
                    second.accepted().size());
            assertThat(first.received()).noneMatch(r -> r.answeredStatus() == 429);
            assertThat(second.received()).noneMatch(r -> r.answeredStatus() == 429);
            // more than one workspace's limit could carry, and no more than both
            assertThat(achieved).isBetween(RATE * 1.4, 2 * RATE + 2 * BURST);
            assertThat(first.accepted().size()).isBetween(count / 3, 8 + 2 * count / 3);
            assertThat(first.received()).allSatisfy(r -> assertThat(r.headers().get("x-clay-webhook-auth"))
                    .isEqualTo(DispatcherTestKit.TOKEN));
            assertThat(second.received()).allSatisfy(r -> assertThat(r.headers().get("x-clay-webhook-auth"))
                    .isEqualTo("second-token"));
            assertThat(registry.find("clay.enrichment.clay.rate.limit").tag("workspace", "second").gauge().value())
                    .isEqualTo(RATE);
        }
    }

    @Test
    void aTenantNamedForOneWorkspaceGoesOnlyThereAndATenantNoWorkspaceTakesIsGivenUpSayingSo() {
        try (ScriptedClay first = new ScriptedClay(); ScriptedClay second = new ScriptedClay();
                DispatcherTestKit kit = new DispatcherTestKit(2)) {
            twoWorkspaces(kit, first, second).set("CLAY_WORKSPACE_TENANTS", "acme")
                    .set("CLAY_WORKSPACE_SECOND_TENANTS", "beta,gamma").start();
            kit.produceTo(Priority.NORMAL, rows("a", "acme", 10));
            kit.produceTo(Priority.NORMAL, rows("b", "beta", 10));
            kit.produceTo(Priority.NORMAL, rows("z", "zeta", 1));

            await().atMost(DispatcherTestKit.WAIT).until(() -> first.accepted().size() + second.accepted().size() == 20);
            assertThat(first.accepted()).extracting(r -> r.json().get("tenant")).containsOnly("acme").hasSize(10);
            assertThat(second.accepted()).extracting(r -> r.json().get("tenant")).containsOnly("beta").hasSize(10);
            DispatchReceipt refused = kit.givenUp(1).get(0);
            assertThat(refused.tenant()).isEqualTo("zeta");
            assertThat(refused.reason()).isEqualTo("clay_rejected");
            assertThat(refused.detail()).startsWith("no Clay workspace takes tenant 'zeta'");
        }
    }

    private static DispatcherTestKit twoWorkspaces(DispatcherTestKit kit, ScriptedClay first, ScriptedClay second) {
        return kit.webhooks(first, "table-a")
                .set("CLAY_RATE_LIMIT_PER_SECOND", Double.toString(RATE))
                .set("CLAY_RATE_LIMIT_BURST", Integer.toString(BURST))
                .set("CLAY_WORKSPACES", "second")
                .set("CLAY_WORKSPACE_SECOND_WEBHOOK_URLS", second.url("table-b").toString())
                .set("CLAY_WORKSPACE_SECOND_WEBHOOK_AUTH_TOKEN", "second-token")
                .set("CLAY_WORKSPACE_SECOND_RATE_LIMIT_PER_SECOND", Double.toString(RATE))
                .set("CLAY_WORKSPACE_SECOND_RATE_LIMIT_BURST", Integer.toString(BURST));
    }

    /** How many requests a server had before its limit was switched on: the warm-up's. */
    private static int countBeforeLimit(ScriptedClay clay) {
        return (int) clay.received().stream().filter(r -> r.body().contains("warm")).count();
    }

    private static List<OutboundRow> rows(String prefix, String tenant, int count) {
        return IntStream.range(0, count).mapToObj(i -> DispatcherTestKit.row("email:" + prefix + i + "@example.com",
                tenant, i)).toList();
    }
}
