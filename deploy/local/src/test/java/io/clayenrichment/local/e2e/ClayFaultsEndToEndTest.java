package io.clayenrichment.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clayenrichment.sandbox.faults.FaultSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the platform does when Clay misbehaves, exercised through the sandbox's faults. */
class ClayFaultsEndToEndTest {

    @Test
    void anOutageAndA429StormLoseNothingAndDeadLetterNothing() throws Exception {
        Map<String, String> settings = Map.of(
                "CLAY_BREAKER_MINIMUM_CALLS", "4", "CLAY_BREAKER_WINDOW_SIZE", "8",
                "CLAY_BREAKER_WAIT_IN_OPEN", "PT1S", "CLAY_RETRY_INITIAL_BACKOFF", "PT0.1S",
                "CLAY_RETRY_MAX_BACKOFF", "PT0.5S", "CLAY_MAX_ATTEMPTS", "20", "RESULT_TIMEOUT", "PT5M");
        try (Platform platform = Platform.start(settings, sandbox -> sandbox.faults(FaultSettings.NONE),
                        List.of("table-1"));
                Outcomes outcomes = new Outcomes(platform.topics)) {
            platform.sandbox.faults().outage(true);
            Map<String, byte[]> duringOutage = requests("outage", 15);
            platform.produce(duringOutage);
            await("Clay refused with 503 long enough for the breaker to open").atMost(Duration.ofSeconds(60))
                    .until(() -> platform.sandbox.stats().rejected(503) >= 6 && breakerState(platform) == 2);
            Thread.sleep(3_000);
            outcomes.poll();
            assertThat(outcomes.byRequest).as("nothing ends while Clay is down").isEmpty();

            platform.sandbox.faults().outage(false);
            await("all delivered after recovery").atMost(Duration.ofSeconds(90))
                    .until(() -> outcomes.poll() == duringOutage.size());

            platform.sandbox.faults().rateLimit(2, 2);
            Map<String, byte[]> duringStorm = requests("storm", 15);
            platform.produce(duringStorm);
            await("all delivered through the 429s").atMost(Duration.ofSeconds(90))
                    .until(() -> outcomes.poll() == duringOutage.size() + duringStorm.size());

            assertThat(platform.sandbox.stats().rejected(429)).as("Clay answered 429").isPositive();
            assertThat(outcomes.countStartingWith("dlq:")).as("dead letters").isZero();
            assertThat(outcomes.countStartingWith("clay:")).isEqualTo(30);
        }
    }

    @Test
    void lostCallbacksEndAsResultTimeoutsAndTheirCreditsAreChargedAsClayChargedThem() throws Exception {
        try (Platform platform = Platform.start(Map.of("RESULT_TIMEOUT", "PT3S", "CLAY_REQUEST_TIMEOUT", "PT1S",
                        "LATE_RESULT_WINDOW", "PT4S", "CREDIT_BUDGETS", "lossy:5:100", "CREDIT_RESERVATION", "fixed"),
                        sandbox -> sandbox.faults(FaultSettings.NONE), List.of("table-1"));
                Outcomes outcomes = new Outcomes(platform.topics)) {
            platform.sandbox.faults().lostCallbackRate(1.0);
            Map<String, byte[]> lost = new LinkedHashMap<>();
            for (int i = 0; i < 5; i++) {
                lost.put("lost-" + i, Platform.request("lost-" + i, "lossy", "lost" + i + "@example.com"));
            }
            platform.produce(lost);
            await().atMost(Duration.ofSeconds(60)).until(() -> outcomes.poll() == lost.size());

            assertThat(outcomes.count("dlq:result_timeout")).isEqualTo(5);
            // The timeouts run on the platform's clock, the sandbox counts a lost callback when it enriches the
            // row: a row sent late can time out before the sandbox has got to it.
            await("the sandbox lost every callback").atMost(Duration.ofSeconds(10))
                    .until(() -> platform.sandbox.stats().callbacks().lost() == 5);
            // Clay took the rows (and charged them): their credits stay committed, never released early ...
            assertThat(platform.budget("lossy").path("day").path("reserved").asLong(-1)
                    + platform.budget("lossy").path("day").path("spent").asLong(-1)).isEqualTo(5);
            // ... and once no late result can come, they are charged at the estimate: never less than Clay charged
            // (more only for a row Clay found nothing for, and charged nothing)
            await("held reservations charged").atMost(Duration.ofSeconds(20))
                    .until(() -> platform.budget("lossy").path("day").path("reserved").asLong(-1) == 0);
            assertThat(platform.budget("lossy").path("day").path("spent").asDouble()).isEqualTo(5)
                    .isGreaterThanOrEqualTo(platform.sandbox.stats().creditsByTenant().getOrDefault("lossy", 0.0));

            // the budget is spent: the next request is refused, not sent
            platform.sandbox.faults().lostCallbackRate(0);
            platform.produce(Map.of("after-0", Platform.request("after-0", "lossy", "after0@example.com")));
            await().atMost(Duration.ofSeconds(30)).until(() -> outcomes.poll() == lost.size() + 1);
            assertThat(outcomes.byRequest.get("after-0")).containsExactly("dlq:budget_exhausted");
        }
    }

    @Test
    void theDispatcherMovesThroughTheUrlPoolAndSaysWhenItIsUsedUp() throws Exception {
        List<String> sources = List.of("table-1", "table-2", "table-3");
        try (Platform platform = Platform.start(Map.of("CLAY_URL_SUBMISSION_LIMIT", "4"),
                        sandbox -> sandbox.faults(FaultSettings.NONE), sources);
                Outcomes outcomes = new Outcomes(platform.topics)) {
            Map<String, byte[]> requests = requests("pool", 14);
            platform.produce(requests);
            await().atMost(Duration.ofSeconds(60)).until(() -> outcomes.poll() == requests.size());

            Map<String, Long> submissions = platform.sandbox.stats().submissionsBySource();
            assertThat(submissions).containsOnlyKeys(sources);
            assertThat(submissions.values()).allSatisfy(count -> assertThat(count).isEqualTo(4L));
            assertThat(outcomes.countStartingWith("clay:")).isEqualTo(12);
            assertThat(outcomes.count("dlq:clay_rejected")).isEqualTo(2);
        }
    }

    private static int breakerState(Platform platform) throws Exception {
        String metrics = Platform.get(platform.enrichment.httpPort(), "/metrics").body();
        return metrics.lines().filter(line -> line.startsWith("clay_enrichment_clay_breaker_state"))
                .map(line -> line.substring(line.lastIndexOf(' ') + 1)).mapToInt(v -> (int) Double.parseDouble(v))
                .findFirst().orElse(-1);
    }

    private static Map<String, byte[]> requests(String prefix, int count) {
        Map<String, byte[]> requests = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String id = prefix + "-" + i;
            requests.put(id, Platform.request(id, "acme", id + "@example.com"));
        }
        return requests;
    }
}
