package io.clayenrichment.enrichment.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.testing.TestKafka;
import io.clayenrichment.enrichment.EnrichmentService;
import io.clayenrichment.enrichment.EnrichmentSettings;
import io.clayenrichment.enrichment.service.Http;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Clay is down three times longer than RESULT_TIMEOUT while a tenant with a daily budget of 3 keeps
 * sending requests. Rows wait in Kafka; each attempt still ends on its deadline; rows whose deadline
 * passed are dropped unsent (their credits come back only then); when Clay is back no stale row
 * reaches it. Clay accepts at most 3 rows of the tenant, and the tenant's spend is exactly what Clay
 * charged. (Before this was held, the measured run had 6 rows accepted and a spend of 0.)
 */
class ClayOutageTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration OUTAGE = TIMEOUT.multipliedBy(3);

    @Test
    void rowsAcceptedByClayStayWithinTheBudgetAndSpendEqualsWhatClayCharged() throws Exception {
        try (FaultRig rig = new FaultRig("outage", TestKafka.bootstrapServers(), Map.ofEntries(
                Map.entry("CREDIT_BUDGETS", "acme:3:100"),
                Map.entry("CREDIT_RESERVATION", "fixed"),
                Map.entry("RESULT_TIMEOUT", TIMEOUT.toString()),
                Map.entry("CLAY_REQUEST_TIMEOUT", "PT2S"),
                Map.entry("CLAY_RETRY_INITIAL_BACKOFF", "PT0.2S"),
                Map.entry("CLAY_RETRY_MAX_BACKOFF", "PT1S"),
                Map.entry("CLAY_BREAKER_WINDOW_SIZE", "4"),
                Map.entry("CLAY_BREAKER_MINIMUM_CALLS", "4"),
                Map.entry("CLAY_BREAKER_WAIT_IN_OPEN", "PT1S"),
                Map.entry("CLAY_BREAKER_HALF_OPEN_CALLS", "1"),
                Map.entry("CLAY_RATE_LIMIT_PER_SECOND", "20"),
                Map.entry("CLAY_RATE_LIMIT_BURST", "5")));
                EnrichmentService service = EnrichmentService.start(EnrichmentSettings.fromEnv(new Env(rig.env)))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> Http.get(service.httpPort(), "/health/ready")
                    .statusCode() == 200);
            long outageEnds = System.nanoTime() + OUTAGE.toNanos();
            rig.clayIsUpWhile(() -> System.nanoTime() - outageEnds > 0);
            int requests = 0;
            for (; requests < 6; requests++) {
                rig.request("acme", "a-" + requests);
            }
            rig.flush();
            while (System.nanoTime() - outageEnds < 0) {
                Thread.sleep(5_000);
                for (int i = 0; i < 2; i++) {
                    rig.request("acme", "a-" + requests++);
                }
                rig.flush();
                rig.poll();
            }
            // Clay is back: a few more requests
            for (int i = 0; i < 4; i++) {
                rig.request("acme", "a-" + requests++);
            }
            rig.flush();
            int all = requests;
            await().atMost(Duration.ofSeconds(90)).until(() -> rig.poll() >= all);
            await().atMost(Duration.ofSeconds(60)).until(() -> budget(service).path("day").path("reserved").intValue() == 0);
            Thread.sleep(1_000);
            rig.poll();

            Map<String, List<String>> outcomes = rig.outcomes();
            assertThat(outcomes).hasSize(all).allSatisfy((id, ends) -> assertThat(ends).as(id).hasSize(1));
            long accepted = rig.acceptedPerTenant().getOrDefault("acme", 0L);
            double charged = rig.chargedPerTenant().getOrDefault("acme", 0.0);
            JsonNode day = budget(service).path("day");
            System.out.printf("Clay outage of %s (RESULT_TIMEOUT %s): %d requests, %d rows accepted by Clay for a daily"
                    + " budget of 3, Clay charged %.1f, spend %s, outcomes %s%n", OUTAGE, TIMEOUT, all, accepted,
                    charged, day, outcomes.values().stream().flatMap(List::stream)
                            .collect(java.util.stream.Collectors.groupingBy(o -> o, java.util.TreeMap::new,
                                    java.util.stream.Collectors.counting())));
            assertThat(accepted).isBetween(1L, 3L);
            assertThat(day.path("spent").doubleValue()).isEqualTo(charged);
            assertThat(day.path("reserved").doubleValue()).isZero();
            // every row Clay accepted was answered; no request both got a result and a dead letter
            assertThat(outcomes.values().stream().filter(ends -> ends.get(0).equals("result:clay"))).hasSize((int) accepted);
        }
    }

    private static JsonNode budget(EnrichmentService service) {
        return FaultRig.budget(service.httpPort(), "acme");
    }
}
