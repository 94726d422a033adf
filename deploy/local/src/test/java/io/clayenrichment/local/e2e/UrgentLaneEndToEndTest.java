package io.clayenrichment.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.sandbox.faults.FaultSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An urgent request through the whole platform (intake, topology, urgent lane, dispatcher, Clay,
 * callback) while thousands of normal requests wait for Clay's 10 rows a second: it reaches Clay
 * within 2 seconds of being produced, long before the backlog has drained.
 */
class UrgentLaneEndToEndTest {

    private static final Logger LOG = LoggerFactory.getLogger(UrgentLaneEndToEndTest.class);
    private static final int BACKLOG = 3000;
    /** The sandbox enriches a row this long after it took it, then calls back. */
    private static final Duration ENRICH_DELAY = Duration.ofMillis(200);

    @Test
    void anUrgentRequestReachesClayWithinTwoSecondsBehindABacklogOfThousands() throws Exception {
        Map<String, String> settings = Map.of("CLAY_RATE_LIMIT_PER_SECOND", "10", "CLAY_RATE_LIMIT_BURST", "20",
                "RESULT_TIMEOUT", "PT10M", "CREDIT_BUDGET_DAILY", "1000000", "CREDIT_BUDGET_MONTHLY", "10000000");
        try (Platform platform = Platform.start(settings, sandbox -> sandbox.faults(FaultSettings.NONE)
                        .rateLimit(10, 20 + Platform.PARTITIONS).enrichDelay(ENRICH_DELAY, Duration.ZERO),
                List.of("table-1"));
                Outcomes outcomes = new Outcomes(platform.topics)) {
            platform.produce(TwoWorkspacesEndToEndTest.requests("acme", BACKLOG));
            await("sending at the limit").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> outcomes.poll() >= 30);

            Instant produced = Instant.now();
            platform.produce(Map.of("hot-lead", Json.write(Map.of("request_id", "hot-lead", "tenant", "acme",
                    "email", "hot-lead@acme.example", "priority", "urgent"))));
            await("the urgent request's result").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        outcomes.poll();
                        return outcomes.byRequest.containsKey("hot-lead");
                    });

            EnrichmentResult result = outcomes.results.stream().filter(r -> "hot-lead".equals(r.requestId()))
                    .findFirst().orElseThrow();
            // Clay's callback arrived ENRICH_DELAY after Clay took the row: the POST was that much earlier
            Duration untilPosted = Duration.between(produced, result.receivedAt()).minus(ENRICH_DELAY);
            long normalDone = outcomes.countStartingWith("clay:") - 1;
            LOG.info("urgent request reached Clay {} ms after it was produced, with {} normal requests still waiting",
                    untilPosted.toMillis(), BACKLOG - normalDone);
            assertThat(untilPosted).isLessThan(Duration.ofSeconds(2));
            assertThat(BACKLOG - normalDone).as("the backlog was still there").isGreaterThan(2000);
            assertThat(platform.sandbox.stats().rejected(429)).isZero();
        }
    }
}
