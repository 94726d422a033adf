package io.clayenrichment.enrichment.dispatch;

import static io.clayenrichment.enrichment.dispatch.DispatcherTestKit.WAIT;
import static io.clayenrichment.enrichment.dispatch.DispatcherTestKit.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clayenrichment.common.schema.DispatchReceipt;
import io.clayenrichment.common.schema.OutboundRow;
import io.clayenrichment.enrichment.dispatch.ScriptedClay.Answer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class ClayDispatcherUrlPoolTest {

    private static List<OutboundRow> rows(int from, int to) {
        return IntStream.range(from, to)
                .mapToObj(i -> DispatcherTestKit.row("email:p" + i + "@example.com", "acme", i)).toList();
    }

    @Test
    void rowsMoveToTheNextUrlAtTheLimitCountsSurviveARestartAndAnExhaustedPoolDeadLetters() {
        try (ScriptedClay clay = new ScriptedClay(); DispatcherTestKit kit = new DispatcherTestKit(2)) {
            kit.webhooks(clay, "a", "b", "c").set("CLAY_URL_SUBMISSION_LIMIT", "5");
            ClayDispatcher first = kit.start();
            kit.produce(rows(0, 7));
            await().atMost(WAIT).until(() -> clay.accepted().size() == 7);
            assertThat(clay.received(r -> r.webhook().equals("a"))).hasSize(5);
            assertThat(clay.received(r -> r.webhook().equals("b"))).hasSize(2);
            first.close();

            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            kit.start(registry);
            kit.produce(rows(7, 11));
            await().atMost(WAIT).until(() -> clay.accepted().size() == 11);
            assertThat(clay.received(r -> r.webhook().equals("a"))).hasSize(5);
            assertThat(clay.received(r -> r.webhook().equals("b"))).hasSize(5);
            assertThat(clay.received(r -> r.webhook().equals("c"))).hasSize(1);
            assertThat(leftGauge(registry, 2)).isEqualTo(4);

            kit.produce(rows(11, 17));
            List<DispatchReceipt> givenUp = kit.givenUp(2);
            assertThat(givenUp).hasSize(2).allSatisfy(receipt -> {
                assertThat(receipt.reason()).isEqualTo("clay_rejected");
                assertThat(receipt.reachedClay()).isEqualTo(DispatchReceipt.Reach.NO);
                assertThat(receipt.detail()).isEqualTo("webhook URL pool exhausted: add URLs to CLAY_WEBHOOK_URLS");
            });
            await().atMost(WAIT).until(() -> clay.accepted().size() == 15);
            assertThat(clay.received(r -> r.webhook().equals("c"))).hasSize(5);
            await().atMost(WAIT).until(kit::everythingCommitted);
            assertThat(leftGauge(registry, 0) + leftGauge(registry, 1) + leftGauge(registry, 2)).isZero();
            assertThat(registry.get("clay.enrichment.clay.url.pool.low").gauge().value()).isEqualTo(1);
        }
    }

    @Test
    void webhookLimitReachedMarksTheUrlUsedUpForGoodAndTheRowMovesOn() {
        try (ScriptedClay clay = new ScriptedClay(); DispatcherTestKit kit = new DispatcherTestKit(1)) {
            clay.script((webhook, row, seen) -> webhook.equals("full")
                    ? Answer.status(400, "{\"error\":\"webhook_limit_reached\"}") : Answer.ok());
            ClayDispatcher first = kit.webhooks(clay, "full", "fresh").start();
            kit.produce(rows(0, 3));
            await().atMost(WAIT).until(() -> clay.accepted().size() == 3);
            assertThat(clay.received(r -> r.webhook().equals("full"))).hasSize(1);
            assertThat(clay.accepted()).allSatisfy(r -> assertThat(r.webhook()).isEqualTo("fresh"));
            first.close();

            kit.start();
            kit.produce(rows(3, 5));
            await().atMost(WAIT).until(() -> clay.accepted().size() == 5);
            assertThat(clay.received(r -> r.webhook().equals("full"))).hasSize(1);
            await().atMost(WAIT).until(kit::everythingCommitted);
            assertThat(kit.deadLettersNow()).isEmpty();
        }
    }

    @Test
    void aPassthroughTableTakesRowsPastTheLimitUntilClaySaysItIsUsedUp() {
        try (ScriptedClay clay = new ScriptedClay(); DispatcherTestKit kit = new DispatcherTestKit(2)) {
            clay.script((webhook, row, seen) -> webhook.equals("a") && clay.received(r -> r.webhook().equals("a"))
                    .size() >= 8 ? Answer.status(400, "{\"error\":\"webhook_limit_reached\"}") : Answer.ok());
            kit.webhooks(clay, "a", "b").set("CLAY_URL_SUBMISSION_LIMIT", "3").set("CLAY_PASSTHROUGH_TABLE", "true");
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            kit.start(registry);
            kit.produce(rows(0, 8));
            await().atMost(WAIT).until(() -> clay.accepted().size() == 8);
            // the limit of 3 does not apply: every row went to the first URL
            assertThat(clay.accepted()).allSatisfy(r -> assertThat(r.webhook()).isEqualTo("a"));
            assertThat(leftGauge(registry, 0)).isInfinite();
            assertThat(registry.get("clay.enrichment.clay.url.pool.low").gauge().value()).isZero();

            kit.produce(rows(8, 12));
            await().atMost(WAIT).until(() -> clay.accepted().size() == 12);
            // Clay refused rows at "a" as used up from the ninth on (two partitions may each have had one
            // on its way): those and the rows after them went to "b"
            assertThat(clay.accepted().stream().filter(r -> r.webhook().equals("a"))).hasSize(8);
            assertThat(clay.accepted().stream().filter(r -> r.webhook().equals("b"))).hasSize(4);
            assertThat(leftGauge(registry, 0)).isZero();
            assertThat(leftGauge(registry, 1)).isInfinite();
            await().atMost(WAIT).until(kit::everythingCommitted);
            assertThat(kit.deadLettersNow()).isEmpty();
        }
    }

    private static double leftGauge(SimpleMeterRegistry registry, int urlIndex) {
        return registry.get("clay.enrichment.clay.url.submissions.left").tag("url_index", Integer.toString(urlIndex))
                .gauge().value();
    }
}
