package io.clayenrichment.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.clayenrichment.common.json.Json;
import io.clayenrichment.sandbox.stats.SandboxStats;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Requests in, results and dead letters out, through the real receiver, dispatcher, topology and the
 * Clay sandbox on a real broker: every request ends once, the budgets hold against what Clay charged,
 * nothing is sent faster than Clay allows, and duplicate callbacks settle nothing twice.
 */
class PlatformEndToEndTest {

    private static final int ACME_CONTACTS = 60;
    private static final int ACME_REPEATS = 20;
    private static final int STARTUP_CONTACTS = 30;
    private static final int STARTUP_DAILY = 12;
    /** The dispatcher's rate limit, the contract's defaults, stated here because the sandbox's follows from it. */
    private static final int RATE_PER_SECOND = 10;
    private static final int RATE_BURST = 20;

    @Test
    void everyRequestEndsOnceAndBudgetsHoldAgainstWhatClayCharged() throws Exception {
        Map<String, String> settings = Map.of("CREDIT_BUDGETS", "startup:" + STARTUP_DAILY + ":500",
                "RESULT_TIMEOUT", "PT2M", "CLAY_RATE_LIMIT_PER_SECOND", Integer.toString(RATE_PER_SECOND),
                "CLAY_RATE_LIMIT_BURST", Integer.toString(RATE_BURST));
        // The dispatcher's bucket counts a row when it leaves, Clay's when it arrives. Rows sent a token apart
        // can arrive closer together (a busy machine delays one and not the next), but only rows already on the
        // way can bunch up, and the dispatcher has at most one on the way per outbound partition: with that many
        // tokens more in Clay's burst, no delay of any length turns pacing that keeps to the limit into a 429,
        // while sending faster than the limit still meets them.
        try (Platform platform = Platform.start(settings, sandbox -> sandbox.faults(
                        io.clayenrichment.sandbox.faults.FaultSettings.NONE)
                        .rateLimit(RATE_PER_SECOND, RATE_BURST + Platform.PARTITIONS), List.of("table-1"));
                Outcomes outcomes = new Outcomes(platform.topics)) {
            platform.sandbox.faults().duplicateCallbackRate(0.3);
            Map<String, byte[]> requests = requests(new Random(42));

            platform.produce(requests);
            // A not_found refunds its reservation, so one arriving before the last startup request is decided would
            // let one more through. Clay finds every row until the budget has decided all of startup's requests.
            await("startup's budget decided").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        outcomes.poll();
                        return outcomes.count("dlq:budget_exhausted") == STARTUP_CONTACTS - STARTUP_DAILY;
                    });
            platform.sandbox.faults().notFoundRate(0.15);
            await("every request has an outcome").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> outcomes.poll() >= requests.size());
            await("callbacks settled").atMost(Duration.ofSeconds(30)).until(() -> platform.sandbox.stats()
                    .callbacks().pending() == 0 && reserved(platform, "acme") == 0 && reserved(platform, "startup") == 0);
            Thread.sleep(1_000); // anything published twice would show up by now
            outcomes.poll();

            assertThat(outcomes.byRequest.keySet()).containsExactlyInAnyOrderElementsOf(requests.keySet());
            assertThat(outcomes.byRequest).allSatisfy((id, ends) -> assertThat(ends).as(id).hasSize(1));
            assertThat(outcomes.count("dlq:invalid")).isEqualTo(6);
            assertThat(outcomes.count("dlq:budget_exhausted")).isEqualTo(STARTUP_CONTACTS - STARTUP_DAILY);

            SandboxStats clay = platform.sandbox.stats();
            assertThat(clay.rejected(429)).as("429s from Clay").isZero();
            assertThat(clay.accepted()).as("rows Clay took = Clay results published")
                    .isEqualTo(outcomes.countStartingWith("clay:"));
            assertThat(clay.accepted() + outcomes.count("cache") + outcomes.countStartingWith("dlq:"))
                    .isEqualTo(requests.size());
            assertThat(clay.callbacks().duplicated()).as("Clay re-sent some callbacks").isPositive();

            double startupCharged = clay.creditsByTenant().getOrDefault("startup", 0.0);
            assertThat(startupCharged).isLessThanOrEqualTo(STARTUP_DAILY);
            for (String tenant : List.of("acme", "startup")) {
                assertThat(platform.budget(tenant).path("day").path("spent").asDouble()).as("spent by %s", tenant)
                        .isEqualTo(clay.creditsByTenant().getOrDefault(tenant, 0.0));
            }
        }
    }

    @Test
    void theSynchronousApiAnswersWithClaysResultAndThenFromTheCache() throws Exception {
        String token = "e2e-intake-token";
        try (Platform platform = Platform.start(Map.of("INTAKE_TOKENS", token), sandbox -> sandbox.faults(
                io.clayenrichment.sandbox.faults.FaultSettings.NONE), List.of("table-1"))) {
            int port = platform.enrichment.httpPort();
            HttpResponse<String> fromClay = Platform.post(port, "/v1/enrich?wait=60",
                    "{\"request_id\":\"sync-1\",\"tenant\":\"acme\",\"email\":\"grace@navy.example\"}", token);
            assertThat(fromClay.statusCode()).as(fromClay.body()).isEqualTo(200);
            JsonNode clay = Json.mapper().readTree(fromClay.body());
            assertThat(clay.path("request_id").asText()).isEqualTo("sync-1");
            assertThat(clay.path("source").asText()).isEqualTo("clay");
            assertThat(clay.path("status").asText()).isEqualTo("success");
            assertThat(clay.path("data")).isNotEmpty();
            assertThat(platform.sandbox.stats().accepted()).isEqualTo(1);

            HttpResponse<String> again = Platform.post(port, "/v1/enrich",
                    "{\"request_id\":\"sync-2\",\"tenant\":\"acme\",\"email\":\"Grace@Navy.example\"}", token);
            assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
            JsonNode cached = Json.mapper().readTree(again.body());
            assertThat(cached.path("request_id").asText()).isEqualTo("sync-2");
            assertThat(cached.path("source").asText()).isEqualTo("cache");
            assertThat(cached.path("data")).isEqualTo(clay.path("data"));
            assertThat(platform.sandbox.stats().accepted()).as("no second row for Clay").isEqualTo(1);
        }
    }

    private static long reserved(Platform platform, String tenant) throws Exception {
        return platform.budget(tenant).path("day").path("reserved").asLong(-1);
    }

    /** 60 acme contacts and 20 repeats of them (other case, spaces), 30 startup contacts, 6 invalid. */
    private static Map<String, byte[]> requests(Random random) {
        Map<String, byte[]> requests = new LinkedHashMap<>();
        for (int i = 0; i < ACME_CONTACTS; i++) {
            requests.put("acme-" + i, Platform.request("acme-" + i, "acme", "person" + i + "@acme.example"));
        }
        for (int i = 0; i < ACME_REPEATS; i++) {
            int again = random.nextInt(ACME_CONTACTS);
            requests.put("acme-repeat-" + i, Platform.request("acme-repeat-" + i, "acme",
                    "  Person" + again + "@ACME.example "));
        }
        for (int i = 0; i < STARTUP_CONTACTS; i++) {
            requests.put("startup-" + i, Platform.request("startup-" + i, "startup", "founder" + i + "@startup.example"));
        }
        for (int i = 0; i < 3; i++) {
            requests.put("no-identity-" + i, Platform.request("no-identity-" + i, "acme", "not-an-email-" + i));
            requests.put("malformed-" + i, ("{\"request_id\":\"malformed-" + i + "\",\"email\":")
                    .getBytes(StandardCharsets.UTF_8));
        }
        return requests;
    }
}
