package io.clayenrichment.sandbox.callback;

import static io.clayenrichment.sandbox.SandboxHttp.postRow;
import static io.clayenrichment.sandbox.SandboxHttp.testSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.schema.ClayCallback;
import io.clayenrichment.common.schema.ResultStatus;
import io.clayenrichment.sandbox.CallbackCatcher;
import io.clayenrichment.sandbox.CallbackCatcher.Answer;
import io.clayenrichment.sandbox.CallbackCatcher.Caught;
import io.clayenrichment.sandbox.ClaySandbox;
import io.clayenrichment.sandbox.SandboxSettings;
import io.clayenrichment.sandbox.stats.SandboxStats;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Callbacks from the sandbox's "HTTP API column" to a real HTTP endpoint. */
class CallbackHttpTest {

    private CallbackCatcher catcher;

    @BeforeEach
    void startCatcher() {
        catcher = new CallbackCatcher();
    }

    @AfterEach
    void stopCatcher() {
        catcher.close();
    }

    private SandboxSettings.Builder settings() {
        return testSettings()
                .callbackUrl(catcher.url())
                .callbackSecret("cb-secret")
                .callbackRetries(3, Duration.ofMillis(20))
                .rateLimit(100_000, 100_000);
    }

    private static Map<String, Object> row(int i, String tenant) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("correlation_id", "corr-" + i);
        row.put("contact_key", "email:person" + i + "@example.com");
        row.put("tenant", tenant);
        row.put("request_id", "req-" + i);
        row.put("requested_at", "2026-11-27T18:00:00Z");
        row.put("email", "person" + i + "@example.com");
        return row;
    }

    private static void awaitQuiet(ClaySandbox sandbox) {
        await().atMost(Duration.ofSeconds(60)).until(() -> sandbox.stats().callbacks().pending() == 0);
    }

    @Test
    void aCallbackCarriesTheSecretHeaderAndTheContractBody() {
        try (ClaySandbox sandbox = ClaySandbox.start(settings().creditsPerRow(2).build())) {
            assertThat(postRow(sandbox.webhookUrl("table-1"), row(1, "acme")).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> catcher.caught().size() == 1);

            Caught caught = catcher.caught().get(0);
            assertThat(caught.secretHeader()).isEqualTo("cb-secret");
            assertThat(caught.contentType()).startsWith("application/json");
            JsonNode body = caught.body();
            assertThat(body.path("correlation_id").asText()).isEqualTo("corr-1");
            assertThat(body.path("contact_key").asText()).isEqualTo("email:person1@example.com");
            assertThat(body.path("tenant").asText()).isEqualTo("acme");
            assertThat(body.path("request_id").asText()).isEqualTo("req-1");
            assertThat(body.path("status").asText()).isEqualTo("success");
            assertThat(body.path("credits_used").asDouble()).isEqualTo(2.0);
            assertThat(body.path("data").path("work_email").asText()).endsWith("@example.com");
            for (String field : List.of("work_email", "title", "seniority", "company", "company_size",
                    "linkedin_url", "phone", "location")) {
                assertThat(body.path("data").path(field).asText()).as(field).isNotBlank();
            }
            ClayCallback parsed = Json.read(Json.write(body), ClayCallback.class);
            assertThat(parsed.status()).isEqualTo(ResultStatus.SUCCESS);
            assertThat(parsed.creditsUsed()).isEqualTo(2.0);

            awaitQuiet(sandbox);
            SandboxStats stats = sandbox.stats();
            assertThat(stats.callbacks().sent()).isEqualTo(1);
            assertThat(stats.creditsCharged()).isEqualTo(2.0);
            assertThat(stats.creditsByTenant()).containsExactly(Map.entry("acme", 2.0));
            assertThat(stats.enriched("success")).isEqualTo(1);
        }
    }

    @Test
    void theSameContactGetsTheSameDataOnEveryAttempt() {
        try (ClaySandbox sandbox = ClaySandbox.start(settings().build())) {
            Map<String, Object> first = row(1, "acme");
            Map<String, Object> retry = new LinkedHashMap<>(first);
            retry.put("correlation_id", "corr-1-retry");
            retry.put("request_id", "req-other");
            retry.put("email", "  Person1@Example.com ");
            postRow(sandbox.webhookUrl("table-1"), first);
            postRow(sandbox.webhookUrl("table-2"), retry);
            postRow(sandbox.webhookUrl("table-1"), row(2, "acme"));
            await().atMost(Duration.ofSeconds(30)).until(() -> catcher.caught().size() == 3);

            Map<String, JsonNode> data = catcher.caught().stream().collect(Collectors.toMap(
                    c -> c.body().path("correlation_id").asText(), c -> c.body().path("data")));
            assertThat(data.get("corr-1-retry")).isEqualTo(data.get("corr-1"));
            assertThat(data.get("corr-2")).isNotEqualTo(data.get("corr-1"));
        }
    }

    /** One run: which rows came back not_found, which callbacks came twice, what was charged. */
    private record Run(Set<String> notFound, Set<String> duplicated, SandboxStats stats, List<Caught> caught) {}

    private Run runWithSeed(long seed, int rows, double notFoundRate, double duplicateRate) {
        try (ClaySandbox sandbox = ClaySandbox.start(settings().seed(seed).build())) {
            sandbox.faults().notFoundRate(notFoundRate).duplicateCallbackRate(duplicateRate);
            for (int i = 0; i < rows; i++) {
                assertThat(postRow(sandbox.webhookUrl("table-1"), row(i, i % 2 == 0 ? "acme" : "beta")).status())
                        .isEqualTo(200);
            }
            awaitQuiet(sandbox);
            List<Caught> caught = catcher.caught();
            Set<String> notFound = caught.stream().filter(c -> c.body().path("status").asText().equals("not_found"))
                    .map(c -> c.body().path("correlation_id").asText()).collect(Collectors.toCollection(TreeSet::new));
            Map<String, Long> perRow = caught.stream().collect(Collectors.groupingBy(
                    c -> c.body().path("correlation_id").asText(), Collectors.counting()));
            Set<String> duplicated = perRow.entrySet().stream().filter(e -> e.getValue() == 2)
                    .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
            assertThat(perRow.values()).allMatch(n -> n == 1 || n == 2);
            return new Run(notFound, duplicated, sandbox.stats(), caught);
        }
    }

    private void restartCatcher() {
        catcher.close();
        catcher = new CallbackCatcher();
    }

    @Test
    void notFoundAndDuplicateRatesGiveTheExpectedCountsAndAreReproducibleWithASeed() {
        int rows = 200;
        Run run = runWithSeed(7, rows, 0.2, 0.1);
        SandboxStats stats = run.stats();

        // Binomial(200, 0.2): mean 40, sd 5.7; Binomial(200, 0.1): mean 20, sd 4.2. Bounds are 4 sd wide.
        assertThat(run.notFound()).hasSizeBetween(17, 63);
        assertThat(run.duplicated()).hasSizeBetween(3, 37);
        assertThat(stats.enriched("not_found")).isEqualTo(run.notFound().size());
        assertThat(stats.enriched("success")).isEqualTo(rows - run.notFound().size());
        assertThat(stats.callbacks().duplicated()).isEqualTo(run.duplicated().size());
        assertThat(stats.callbacks().sent()).isEqualTo(rows + run.duplicated().size());
        assertThat(run.caught()).hasSize(rows + run.duplicated().size());
        // Clay charges successes only, once each, even when the callback came twice.
        assertThat(stats.creditsCharged()).isEqualTo(rows - run.notFound().size());
        assertThat(stats.creditsByTenant().values().stream().mapToDouble(Double::doubleValue).sum())
                .isEqualTo(stats.creditsCharged());
        assertThat(run.caught()).filteredOn(c -> c.body().path("status").asText().equals("not_found"))
                .allSatisfy(c -> {
                    assertThat(c.body().path("credits_used").asDouble()).isZero();
                    assertThat(c.body().path("data").size()).isZero();
                });

        restartCatcher();
        Run again = runWithSeed(7, rows, 0.2, 0.1);
        assertThat(again.notFound()).isEqualTo(run.notFound());
        assertThat(again.duplicated()).isEqualTo(run.duplicated());

        restartCatcher();
        Run otherSeed = runWithSeed(8, rows, 0.2, 0.1);
        assertThat(otherSeed.notFound()).isNotEqualTo(run.notFound());
    }

    @Test
    void lostCallbacksAreCountedAndNeverSentButStillCharged() {
        int rows = 100;
        try (ClaySandbox sandbox = ClaySandbox.start(settings().seed(11).build())) {
            sandbox.faults().lostCallbackRate(0.3);
            for (int i = 0; i < rows; i++) {
                postRow(sandbox.webhookUrl("table-1"), row(i, "acme"));
            }
            awaitQuiet(sandbox);
            SandboxStats stats = sandbox.stats();

            assertThat(stats.callbacks().lost()).isBetween(12L, 48L);
            assertThat(catcher.caught()).hasSize((int) (rows - stats.callbacks().lost()));
            assertThat(stats.callbacks().sent()).isEqualTo(rows - stats.callbacks().lost());
            assertThat(stats.creditsCharged()).isEqualTo(rows);
            assertThat(stats.enriched("success")).isEqualTo(rows);
        }
    }

    @Test
    void aRefusedCallbackIsRetriedAfterWhatRetryAfterAsks() {
        catcher.answerNext(new Answer(503, "1"));
        try (ClaySandbox sandbox = ClaySandbox.start(settings().build())) {
            postRow(sandbox.webhookUrl("table-1"), row(1, "acme"));
            awaitQuiet(sandbox);

            List<Caught> caught = catcher.caught();
            assertThat(caught).hasSize(2);
            assertThat(Duration.ofNanos(caught.get(1).arrivedNanos() - caught.get(0).arrivedNanos()))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(990));
            assertThat(caught.get(1).body()).isEqualTo(caught.get(0).body());
            SandboxStats stats = sandbox.stats();
            assertThat(stats.callbacks().retried()).isEqualTo(1);
            assertThat(stats.callbacks().sent()).isEqualTo(1);
            assertThat(stats.callbacks().failed()).isZero();
        }
    }

    @Test
    void aCallbackIsCountedFailedAfterItsRetriesAndA4xxIsNotRetried() {
        catcher.answerNext(new Answer(500, null), new Answer(502, null), new Answer(503, null),
                new Answer(500, null), new Answer(401, null));
        try (ClaySandbox sandbox = ClaySandbox.start(settings().build())) {
            postRow(sandbox.webhookUrl("table-1"), row(1, "acme"));
            awaitQuiet(sandbox);
            assertThat(catcher.caught()).hasSize(4);
            assertThat(sandbox.stats().callbacks().failed()).isEqualTo(1);
            assertThat(sandbox.stats().callbacks().retried()).isEqualTo(3);

            postRow(sandbox.webhookUrl("table-1"), row(2, "acme"));
            awaitQuiet(sandbox);
            assertThat(catcher.caught()).hasSize(5);
            assertThat(sandbox.stats().callbacks().failed()).isEqualTo(2);
            assertThat(sandbox.stats().callbacks().retried()).isEqualTo(3);
            assertThat(sandbox.stats().callbacks().sent()).isZero();
        }
    }

    @Test
    void anUnreachableReceiverCountsAsFailedAfterRetries() {
        URI closed = catcher.url();
        catcher.close();
        try (ClaySandbox sandbox = ClaySandbox.start(settings().callbackUrl(closed).build())) {
            postRow(sandbox.webhookUrl("table-1"), row(1, "acme"));
            awaitQuiet(sandbox);
            assertThat(sandbox.stats().callbacks().failed()).isEqualTo(1);
            assertThat(sandbox.stats().callbacks().retried()).isEqualTo(3);
        }
        catcher = new CallbackCatcher();
    }

    @Test
    void anEnrichmentErrorIsCalledBackWithStatusErrorAndNotCharged() {
        try (ClaySandbox sandbox = ClaySandbox.start(settings().build())) {
            sandbox.faults().enrichErrorRate(1);
            postRow(sandbox.webhookUrl("table-1"), row(1, "acme"));
            awaitQuiet(sandbox);

            assertThat(catcher.caught()).hasSize(1);
            JsonNode body = catcher.caught().get(0).body();
            assertThat(body.path("status").asText()).isEqualTo("error");
            assertThat(body.path("credits_used").asDouble()).isZero();
            assertThat(body.path("correlation_id").asText()).isEqualTo("corr-1");
            assertThat(sandbox.stats().enriched("error")).isEqualTo(1);
            assertThat(sandbox.stats().creditsCharged()).isZero();
        }
    }

    @Test
    void withoutACallbackUrlRowsAreEnrichedAndChargedButNothingIsSent() {
        try (ClaySandbox sandbox = ClaySandbox.start(settings().callbackUrl(null).build())) {
            postRow(sandbox.webhookUrl("table-1"), row(1, "acme"));
            awaitQuiet(sandbox);
            await().atMost(Duration.ofSeconds(30)).until(() -> sandbox.stats().enriched("success") == 1);
            assertThat(sandbox.stats().callbacks().sent()).isZero();
            assertThat(sandbox.stats().creditsCharged()).isEqualTo(1.0);
            assertThat(catcher.caught()).isEmpty();
        }
    }
}
