package io.clayenrichment.sandbox.admin;

import static io.clayenrichment.sandbox.SandboxHttp.admin;
import static io.clayenrichment.sandbox.SandboxHttp.postRow;
import static io.clayenrichment.sandbox.SandboxHttp.send;
import static io.clayenrichment.sandbox.SandboxHttp.testSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clayenrichment.sandbox.ClaySandbox;
import io.clayenrichment.sandbox.SandboxHttp.Answer;
import io.clayenrichment.sandbox.faults.FaultSettings;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The admin API over real HTTP: partial fault updates, refusals that name the field, health, sources. */
class AdminApiTest {

    @Test
    void aPartialUpdateChangesOnlyTheFieldsItNames() {
        try (ClaySandbox sandbox = ClaySandbox.start(testSettings().faults(FaultSettings.DEFAULTS).build())) {
            Answer updated = admin(sandbox, "PUT", "/admin/faults",
                    "{\"lost_callback_rate\":0.5,\"slow_delay\":\"PT0.25S\",\"slow_rate\":0.1,\"enrich_error_rate\":0.2}");

            assertThat(updated.status()).isEqualTo(200);
            assertThat(updated.body().path("lost_callback_rate").asDouble()).isEqualTo(0.5);
            assertThat(updated.body().path("not_found_rate").asDouble()).isEqualTo(0.05);
            FaultSettings now = sandbox.faults().current();
            assertThat(now.lostCallbackRate()).isEqualTo(0.5);
            assertThat(now.slowRate()).isEqualTo(0.1);
            assertThat(now.enrichErrorRate()).isEqualTo(0.2);
            assertThat(now.slowDelay()).isEqualTo(Duration.ofMillis(250));
            assertThat(now.duplicateCallbackRate()).isEqualTo(0.02);
            assertThat(admin(sandbox, "GET", "/admin/faults", null).body()).isEqualTo(updated.body());

            // What GET shows can be PUT back as it is.
            assertThat(admin(sandbox, "PUT", "/admin/faults", updated.body().toString()).status()).isEqualTo(200);
            assertThat(sandbox.faults().current()).isEqualTo(now);

            assertThat(admin(sandbox, "PUT", "/admin/faults", "{\"rate_limit\":{\"per_second\":3}}")
                    .body().path("rate_limit").path("per_second").asDouble()).isEqualTo(3.0);
            assertThat(admin(sandbox, "PUT", "/admin/faults", "{\"rate_limit\":null}")
                    .body().path("rate_limit").path("overridden").asBoolean()).isFalse();
            assertThat(sandbox.rateLimit().perSecond()).isEqualTo(10);
        }
    }

    @Test
    void aBadUpdateIsRefusedWholeNamingTheField() {
        try (ClaySandbox sandbox = ClaySandbox.start(testSettings().build())) {
            FaultSettings before = sandbox.faults().current();
            String[][] cases = {
                {"{\"outage\":true,\"not_fund_rate\":0.5}", "not_fund_rate"},
                {"{\"error_rate\":1.5}", "error_rate"},
                {"{\"error_rate\":\"half\"}", "error_rate"},
                {"{\"outage\":\"yes\"}", "outage"},
                {"{\"slow_delay\":\"3 seconds\"}", "slow_delay"},
                {"{\"rate_limit\":{\"per_second\":0}}", "rate_limit.per_second"},
                {"{\"rate_limit\":{\"burst\":1.5}}", "rate_limit.burst"},
                {"{\"rate_limit\":{\"bursts\":5}}", "rate_limit.bursts"},
                {"[]", "JSON object"},
                {"{\"outage\":", "malformed JSON"},
            };
            for (String[] c : cases) {
                Answer answer = admin(sandbox, "PUT", "/admin/faults", c[0]);
                assertThat(answer.status()).as(c[0]).isEqualTo(400);
                assertThat(answer.body().path("detail").asText()).as(c[0]).contains(c[1]);
            }
            assertThat(sandbox.faults().current()).isEqualTo(before);
        }
    }

    @Test
    void metricsCountWhatTheStatsCountAndSurviveAReset() {
        try (ClaySandbox sandbox = ClaySandbox.start(testSettings().webhookToken("t").build())) {
            postRow(sandbox.webhookUrl("table-1"), Map.of("a", 1));
            send("POST", sandbox.webhookUrl("table-1"), "{}",
                    Map.of("x-clay-webhook-auth", "t"));
            sandbox.reset();

            String text = HttpClient.newHttpClient().sendAsync(
                    HttpRequest.newBuilder(sandbox.baseUrl().resolve("/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).join().body();
            assertThat(text).contains("clay_enrichment_sandbox_webhook_requests_total{status=\"401\",workspace=\"default\"} 1.0");
            assertThat(text).contains("clay_enrichment_sandbox_webhook_requests_total{status=\"200\",workspace=\"default\"} 1.0");
            assertThat(text).contains("clay_enrichment_sandbox_callbacks_pending");
            assertThat(sandbox.stats().received()).isZero();
        }
    }

    @Test
    void aTakenPortStopsTheStartWithAnError() {
        try (ClaySandbox first = ClaySandbox.start(testSettings().build())) {
            assertThatThrownBy(() -> ClaySandbox.start(testSettings().port(first.port()).build()).close())
                    .hasMessageContaining(Integer.toString(first.port()));
            assertThat(admin(first, "GET", "/health", null).status()).isEqualTo(200);
        }
    }

    @Test
    void healthSourcesAndBadSourceIds() {
        try (ClaySandbox sandbox = ClaySandbox.start(testSettings().build())) {
            for (String path : new String[] {"/health", "/health/live", "/health/ready"}) {
                assertThat(admin(sandbox, "GET", path, null).body().path("status").asText()).isEqualTo("up");
            }
            Answer sources = admin(sandbox, "GET", "/admin/sources", null);
            assertThat(sources.body().path("sources")).hasSize(3);
            assertThat(sources.body().path("sources").get(0).path("remaining").asLong()).isEqualTo(50_000);

            Answer badId = admin(sandbox, "POST", "/admin/sources", "{\"id\":\"has space\"}");
            assertThat(badId.status()).isEqualTo(400);
            assertThat(badId.error()).isEqualTo("invalid_id");
            assertThat(admin(sandbox, "POST", "/admin/sources", "[1]").status()).isEqualTo(400);

            Answer noSuchEndpoint = admin(sandbox, "POST", "/webhooks/", "{}");
            assertThat(noSuchEndpoint.status()).isEqualTo(404);
            assertThat(noSuchEndpoint.error()).isEqualTo("not_found");
        }
    }
}
