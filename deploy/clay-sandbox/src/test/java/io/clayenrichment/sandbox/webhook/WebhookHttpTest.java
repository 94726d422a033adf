package io.clayenrichment.sandbox.webhook;

import static io.clayenrichment.sandbox.SandboxHttp.postRow;
import static io.clayenrichment.sandbox.SandboxHttp.send;
import static io.clayenrichment.sandbox.SandboxHttp.testSettings;
import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.sandbox.ClaySandbox;
import io.clayenrichment.sandbox.SandboxHttp;
import io.clayenrichment.sandbox.SandboxHttp.Answer;
import io.clayenrichment.sandbox.stats.SandboxStats;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The webhook's answers over real HTTP, as Clay's table webhooks give them. */
class WebhookHttpTest {

    private static final Map<String, Object> ROW = Map.of("correlation_id", "c-1", "email", "ada@example.com");

    @Test
    void acceptsOneFlatObjectPerRequestKeepingNestedValues() {
        try (ClaySandbox sandbox = ClaySandbox.start(testSettings().build())) {
            Answer answer = postRow(sandbox.webhookUrl("table-1"),
                    Map.of("email", "ada@example.com", "attributes", Map.of("crm", List.of(1, 2))));

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body().path("status").asText()).isEqualTo("accepted");
            assertThat(sandbox.stats().accepted()).isEqualTo(1);
            assertThat(sandbox.stats().submissionsBySource()).containsEntry("table-1", 1L);
        }
    }

    @Test
    void refusesBodiesThatAreNotOneJsonObject() {
        try (ClaySandbox sandbox = ClaySandbox.start(testSettings().build())) {
            URI webhook = sandbox.webhookUrl("table-1");
            for (String body : List.of("[{\"email\":\"a@b.com\"}]", "\"text\"", "42", "null", "", "{\"a\":",
                    "{\"a\":1} {\"b\":2}")) {
                Answer answer = send("POST", webhook, body, Map.of());
                assertThat(answer.status()).as(body).isEqualTo(400);
                assertThat(answer.error()).as(body).isEqualTo("invalid_row");
                assertThat(answer.body().path("detail").asText()).as(body).isNotBlank();
            }
            assertThat(sandbox.stats().accepted()).isZero();
            assertThat(sandbox.stats().submissionsBySource()).containsEntry("table-1", 0L);
        }
    }

    @Test
    void answers401WithoutTheRightTokenAnd200WithIt() {
        try (ClaySandbox sandbox = ClaySandbox.start(testSettings().webhookToken("s3cret").build())) {
            URI webhook = sandbox.webhookUrl("table-1");
            String row = "{\"email\":\"ada@example.com\"}";

            Answer missing = send("POST", webhook, row, Map.of());
            Answer wrong = send("POST", webhook, row, Map.of("x-clay-webhook-auth", "s3cret-not"));
            Answer right = send("POST", webhook, row, Map.of("x-clay-webhook-auth", "s3cret"));

            assertThat(missing.status()).isEqualTo(401);
            assertThat(missing.error()).isEqualTo("unauthorized");
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(right.status()).isEqualTo(200);
            assertThat(sandbox.stats().accepted()).isEqualTo(1);
        }
    }

    @Test
    void aDeletedSourceAnswers404AndANewSourceTakesRows() {
        try (ClaySandbox sandbox = ClaySandbox.start(testSettings().build())) {
            URI webhook = sandbox.webhookUrl("table-2");
            assertThat(postRow(webhook, ROW).status()).isEqualTo(200);

            Answer deleted = SandboxHttp.admin(sandbox, "DELETE", "/admin/sources/table-2", null);
            assertThat(deleted.status()).isEqualTo(200);
            assertThat(deleted.body().path("deleted").asBoolean()).isTrue();

            Answer afterDelete = postRow(webhook, ROW);
            assertThat(afterDelete.status()).isEqualTo(404);
            assertThat(afterDelete.error()).isEqualTo("not_found");
            assertThat(postRow(sandbox.webhookUrl("never-made"), ROW).status()).isEqualTo(404);

            Answer created = SandboxHttp.admin(sandbox, "POST", "/admin/sources", "{\"id\":\"table-9\"}");
            assertThat(created.status()).isEqualTo(201);
            URI newUrl = URI.create(created.body().path("url").asText());
            assertThat(newUrl).isEqualTo(sandbox.webhookUrl("table-9"));
            assertThat(postRow(newUrl, ROW).status()).isEqualTo(200);

            Answer reuse = SandboxHttp.admin(sandbox, "POST", "/admin/sources", "{\"id\":\"table-2\"}");
            assertThat(reuse.status()).isEqualTo(409);
            Answer generated = SandboxHttp.admin(sandbox, "POST", "/admin/sources", null);
            assertThat(generated.status()).isEqualTo(201);
            assertThat(generated.body().path("id").asText()).startsWith("source-");
            assertThat(SandboxHttp.admin(sandbox, "DELETE", "/admin/sources/table-2", null).status()).isEqualTo(404);
        }
    }

    @Test
    void answers413BeyondThePayloadLimitAndTakesARowAtTheLimit() {
        int limit = 2_000;
        try (ClaySandbox sandbox = ClaySandbox.start(testSettings().maxPayloadBytes(limit).build())) {
            URI webhook = sandbox.webhookUrl("table-1");
            String prefix = "{\"email\":\"ada@example.com\",\"notes\":\"";
            String suffix = "\"}";
            String atLimit = prefix + "x".repeat(limit - prefix.length() - suffix.length()) + suffix;
            String overLimit = prefix + "x".repeat(limit - prefix.length() - suffix.length() + 1) + suffix;

            assertThat(send("POST", webhook, atLimit, Map.of()).status()).isEqualTo(200);
            Answer tooLarge = send("POST", webhook, overLimit, Map.of());
            assertThat(tooLarge.status()).isEqualTo(413);
            assertThat(tooLarge.error()).isEqualTo("payload_too_large");
            assertThat(sandbox.stats().rejected(413)).isEqualTo(1);
        }
    }

    @Test
    void answers429BeyondTheBurstWithRetryAfterAndTakesNothing() {
        AtomicLong frozenNanos = new AtomicLong();
        try (ClaySandbox sandbox = ClaySandbox.start(testSettings().rateLimit(0.5, 5).build(), frozenNanos::get)) {
            URI webhook = sandbox.webhookUrl("table-1");
            int[] statuses = new int[8];
            String retryAfter = null;
            for (int i = 0; i < statuses.length; i++) {
                Answer answer = postRow(webhook, ROW);
                statuses[i] = answer.status();
                if (answer.status() == 429) {
                    retryAfter = answer.retryAfter();
                    assertThat(answer.error()).isEqualTo("rate_limited");
                }
            }

            assertThat(statuses).containsExactly(200, 200, 200, 200, 200, 429, 429, 429);
            // One token every 2 s at 0.5 per second.
            assertThat(retryAfter).isEqualTo("2");
            assertThat(sandbox.stats().submissionsBySource()).containsEntry("table-1", 5L);

            frozenNanos.addAndGet(2_000_000_000L);
            assertThat(postRow(webhook, ROW).status()).isEqualTo(200);
            assertThat(postRow(webhook, ROW).status()).isEqualTo(429);
        }
    }

    @Test
    void theRateLimitIsSharedByAllSourcesAndCanBeOverriddenAtRuntime() {
        AtomicLong frozenNanos = new AtomicLong();
        try (ClaySandbox sandbox = ClaySandbox.start(testSettings().rateLimit(10, 2).build(), frozenNanos::get)) {
            assertThat(postRow(sandbox.webhookUrl("table-1"), ROW).status()).isEqualTo(200);
            assertThat(postRow(sandbox.webhookUrl("table-2"), ROW).status()).isEqualTo(200);
            Answer third = postRow(sandbox.webhookUrl("table-3"), ROW);
            assertThat(third.status()).isEqualTo(429);
            assertThat(third.retryAfter()).isEqualTo("1");

            Answer raised = SandboxHttp.admin(sandbox, "PUT", "/admin/faults",
                    "{\"rate_limit\":{\"per_second\":10,\"burst\":4}}");
            assertThat(raised.status()).isEqualTo(200);
            assertThat(raised.body().path("rate_limit").path("burst").asInt()).isEqualTo(4);
            // The bucket holds what it held; a larger burst lets it fill further, not at once.
            frozenNanos.addAndGet(400_000_000L);
            for (int i = 0; i < 4; i++) {
                assertThat(postRow(sandbox.webhookUrl("table-3"), ROW).status()).as("request " + i).isEqualTo(200);
            }
            assertThat(postRow(sandbox.webhookUrl("table-3"), ROW).status()).isEqualTo(429);

            sandbox.faults().configuredRateLimit();
            assertThat(sandbox.rateLimit().burst()).isEqualTo(2);
        }
    }

    @Test
    void aUsedUpUrlAnswers422WebhookLimitReachedEvenAfterDeletedRows() {
        try (ClaySandbox sandbox = ClaySandbox.start(testSettings().urlSubmissionCap(3).build())) {
            URI webhook = sandbox.webhookUrl("table-1");
            for (int i = 0; i < 3; i++) {
                assertThat(postRow(webhook, ROW).status()).isEqualTo(200);
            }
            Answer usedUp = postRow(webhook, ROW);
            assertThat(usedUp.status()).isEqualTo(422);
            assertThat(usedUp.error()).isEqualTo("webhook_limit_reached");
            assertThat(usedUp.body().path("detail").asText()).contains("table-1", "3");

            sandbox.reset();
            assertThat(postRow(webhook, ROW).status()).as("a counter reset keeps lifetime counts").isEqualTo(422);
            assertThat(postRow(sandbox.webhookUrl("table-2"), ROW).status()).isEqualTo(200);
            assertThat(sandbox.sources().find("table-1").orElseThrow().remaining()).isZero();

            Answer freshWorkspace = SandboxHttp.admin(sandbox, "POST", "/admin/reset?submissions=true", null);
            assertThat(freshWorkspace.status()).isEqualTo(200);
            assertThat(postRow(webhook, ROW).status()).isEqualTo(200);
        }
    }

    @Test
    void theOutageSwitchAnswers503UntilItIsTurnedOff() {
        try (ClaySandbox sandbox = ClaySandbox.start(testSettings().build())) {
            URI webhook = sandbox.webhookUrl("table-1");
            assertThat(SandboxHttp.admin(sandbox, "PUT", "/admin/faults", "{\"outage\":true}").status())
                    .isEqualTo(200);
            for (int i = 0; i < 3; i++) {
                Answer answer = postRow(webhook, ROW);
                assertThat(answer.status()).isEqualTo(503);
                assertThat(answer.error()).isEqualTo("service_unavailable");
            }
            assertThat(postRow(sandbox.webhookUrl("never-made"), ROW).status()).isEqualTo(503);

            sandbox.faults().outage(false);
            assertThat(postRow(webhook, ROW).status()).isEqualTo(200);

            SandboxStats stats = sandbox.stats();
            assertThat(stats.rejected(503)).isEqualTo(4);
            assertThat(stats.accepted()).isEqualTo(1);
            assertThat(stats.submissionsBySource()).containsEntry("table-1", 1L);
        }
    }

    @Test
    void injectedServerErrorsDoNotAcceptTheRow() {
        try (ClaySandbox sandbox = ClaySandbox.start(testSettings().build())) {
            sandbox.faults().errorRate(1);
            for (int i = 0; i < 10; i++) {
                Answer answer = postRow(sandbox.webhookUrl("table-1"), ROW);
                assertThat(answer.status()).isIn(500, 502, 503);
            }
            assertThat(sandbox.stats().accepted()).isZero();
            assertThat(sandbox.stats().submissionsBySource()).containsEntry("table-1", 0L);
            assertThat(sandbox.stats().enriched()).isEmpty();
        }
    }

    @Test
    void statsAddUpReceivedIsAcceptedPlusRejected() {
        AtomicLong frozenNanos = new AtomicLong();
        try (ClaySandbox sandbox = ClaySandbox.start(testSettings().webhookToken("t").rateLimit(1, 5)
                .urlSubmissionCap(2).maxPayloadBytes(200).build(), frozenNanos::get)) {
            Map<String, String> auth = Map.of("x-clay-webhook-auth", "t");
            URI webhook = sandbox.webhookUrl("table-1");
            send("POST", webhook, "{}", auth);                               // 200
            send("POST", webhook, "{}", Map.of());                           // 401
            send("POST", sandbox.webhookUrl("gone"), "{}", auth);            // 404
            send("POST", webhook, "{\"a\":\"" + "x".repeat(300) + "\"}", auth); // 413
            send("POST", webhook, "[]", auth);                               // 400
            send("POST", webhook, "{}", auth);                               // 200
            send("POST", webhook, "{}", auth);                               // 422
            send("POST", sandbox.webhookUrl("table-2"), "{}", auth);         // 200
            // 429: the five requests that got past the size check used up the burst
            send("POST", sandbox.webhookUrl("table-2"), "{}", auth);

            SandboxStats stats = sandbox.stats();
            assertThat(stats.received()).isEqualTo(9);
            assertThat(stats.accepted()).isEqualTo(3);
            assertThat(stats.rejectedByStatus()).containsOnly(Map.entry("400", 1L), Map.entry("401", 1L),
                    Map.entry("404", 1L), Map.entry("413", 1L), Map.entry("422", 1L), Map.entry("429", 1L));
            assertThat(stats.received()).isEqualTo(stats.accepted() + stats.rejected());

            Answer overHttp = SandboxHttp.admin(sandbox, "GET", "/admin/stats", null);
            assertThat(overHttp.body().path("received").asLong()).isEqualTo(9);
            assertThat(overHttp.body().path("rejected_by_status").path("429").asLong()).isEqualTo(1);
            assertThat(overHttp.body().path("submissions_by_source").path("table-1").asLong()).isEqualTo(2);
            assertThat(overHttp.body().has("max_observed_rate")).isTrue();

            sandbox.reset();
            assertThat(sandbox.stats().received()).isZero();
            assertThat(sandbox.stats().rejectedByStatus()).isEmpty();
        }
    }
}
