package io.clayenrichment.enrichment.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.json.Json;
import io.clayenrichment.enrichment.EnrichmentService;
import io.clayenrichment.enrichment.EnrichmentSettings;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The budget HTTP API of a real service on a real broker, over real HTTP. */
class BudgetApiTest {

    private static final String TOKEN = "s3cret-operator-token";

    private EnrichmentService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    private static byte[] request(String requestId, String email) {
        return ("{\"request_id\":\"" + requestId + "\",\"tenant\":\"acme\",\"email\":\"" + email + "\"}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private EnrichmentService start(Map<String, String> env) throws Exception {
        service = EnrichmentService.start(EnrichmentSettings.fromEnv(new Env(env)));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> Http.get(service.httpPort(), "/health/ready").statusCode() == 200);
        return service;
    }

    @Test
    void budgetsAreReadChangedWithTheTokenOnlyAndSurviveARestart() throws Exception {
        Map<String, String> env = new HashMap<>(ServiceEnv.fresh("budget-api"));
        env.put("OPERATOR_TOKEN", TOKEN);
        env.put("CREDIT_BUDGETS", "acme:100:2000");
        int port = start(env).httpPort();

        JsonNode acme = Http.json(Http.get(port, "/v1/budgets/acme", TOKEN));
        assertThat(acme.path("state").asText()).isEqualTo("closed");
        assertThat(acme.path("day").path("limit").decimalValue()).isEqualByComparingTo("100");
        assertThat(acme.path("month").path("remaining").decimalValue()).isEqualByComparingTo("2000");
        assertThat(Http.json(Http.get(port, "/v1/budgets", TOKEN)).path("budgets").findValuesAsText("tenant")).contains("acme");

        // Two rows no Clay answers (no dispatcher runs here): their reserved credits are what is needed.
        Produce.requests(env.get("TOPIC_REQUESTS"), List.of(request("f1", "ada@example.com"),
                request("f2", "grace@example.com")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Http.json(Http.get(port,
                "/v1/budgets/acme", TOKEN)).path("forecast").path("day").path("needed").decimalValue())
                .isEqualByComparingTo("2"));
        JsonNode forecast = Http.json(Http.get(port, "/v1/budgets/acme", TOKEN)).path("forecast");
        assertThat(forecast.path("day").path("reserved").decimalValue()).isEqualByComparingTo("2");
        assertThat(forecast.path("day").path("queued").decimalValue()).isEqualByComparingTo("0");
        assertThat(forecast.path("day").path("left").decimalValue()).isEqualByComparingTo("100");
        assertThat(forecast.path("day").path("fits").asBoolean(false)).isTrue();
        assertThat(forecast.path("day").path("shortfall").decimalValue()).isEqualByComparingTo("0");
        assertThat(forecast.path("month").path("needed").decimalValue()).isEqualByComparingTo("2");
        assertThat(forecast.path("month").path("left").decimalValue()).isEqualByComparingTo("2000");
        assertThat(forecast.path("cost_per_enrichment").decimalValue()).isEqualByComparingTo("1");
        assertThat(forecast.path("waiting_requests").asLong(-1)).isZero();
        // scheduled refresh is off: nothing is due, and that is known
        assertThat(forecast.path("due_refreshes").asLong(-1)).isZero();
        assertThat(forecast.path("refreshes_counted").asBoolean(false)).isTrue();
        assertThat(forecast.path("as_of").asText()).isNotEmpty();
        JsonNode listed = Http.json(Http.get(port, "/v1/budgets", TOKEN)).path("budgets");
        assertThat(listed.findValues("forecast")).as(listed.toString()).isNotEmpty();
        for (JsonNode budget : listed) {
            if (budget.path("tenant").asText().equals("acme")) {
                assertThat(budget.path("forecast").path("day").path("needed").decimalValue()).isEqualByComparingTo("2");
            }
        }

        // without INTAKE_TOKENS the synchronous API is off, and says how to turn it on
        HttpResponse<String> syncOff = Http.post(port, "/v1/enrich", "{\"email\":\"a@example.com\"}", "any");
        assertThat(syncOff.statusCode()).isEqualTo(404);
        assertThat(Http.json(syncOff).path("detail").asText()).contains("INTAKE_TOKENS");

        HttpResponse<String> noToken = Http.put(port, "/v1/budgets/acme", "{\"daily\":5}", null);
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(Http.json(noToken).path("error").asText()).isEqualTo("unauthorized");
        assertThat(Http.put(port, "/v1/budgets/acme", "{\"daily\":5}", "wrong").statusCode()).isEqualTo(401);

        HttpResponse<String> badBody = Http.put(port, "/v1/budgets/acme", "{\"daily\":\"lots\"}", TOKEN);
        assertThat(badBody.statusCode()).isEqualTo(400);
        assertThat(Http.json(badBody).path("detail").asText()).contains("daily");
        HttpResponse<String> typo = Http.put(port, "/v1/budgets/acme", "{\"dialy\":5}", TOKEN);
        assertThat(typo.statusCode()).isEqualTo(400);
        assertThat(Http.json(typo).path("detail").asText()).contains("dialy");
        assertThat(Http.put(port, "/v1/budgets/acme", "not json", TOKEN).statusCode()).isEqualTo(400);

        HttpResponse<String> changed = Http.put(port, "/v1/budgets/acme", "{\"daily\":12.5,\"force_open\":true}", TOKEN);
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(Http.json(changed).path("state").asText()).isEqualTo("forced_open");
        assertThat(Http.json(changed).path("day").path("limit").decimalValue()).isEqualByComparingTo("12.5");
        // the change's offset on the budget changes topic: the first change is version 0
        assertThat(Http.json(changed).path("version").isIntegralNumber()).as(changed.body()).isTrue();
        assertThat(Http.json(changed).path("version").asLong()).isZero();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(Http.json(Http.get(port, "/v1/budgets/acme", TOKEN)).path("state").asText()).isEqualTo("forced_open"));

        service.close();
        service = null;
        int restarted = start(env).httpPort();

        JsonNode afterRestart = Http.json(Http.get(restarted, "/v1/budgets/acme", TOKEN));
        assertThat(afterRestart.path("state").asText()).isEqualTo("forced_open");
        assertThat(afterRestart.path("force_open").asBoolean()).isTrue();
        assertThat(afterRestart.path("day").path("limit").decimalValue()).isEqualByComparingTo("12.5");
        assertThat(afterRestart.path("month").path("limit").decimalValue()).isEqualByComparingTo("2000");
        // the forecast store is rebuilt, not restored: the reservations are still what is needed
        assertThat(afterRestart.path("forecast").path("day").path("needed").decimalValue()).isEqualByComparingTo("2");
        assertThat(afterRestart.path("forecast").path("day").path("left").decimalValue()).isEqualByComparingTo("12.5");

        // a partial change keeps the rest of the earlier one
        JsonNode reopened = Http.json(Http.put(restarted, "/v1/budgets/acme", "{\"force_open\":false}", TOKEN));
        assertThat(reopened.path("state").asText()).isEqualTo("closed");
        assertThat(reopened.path("version").asLong()).isEqualTo(1);
        assertThat(reopened.path("day").path("limit").decimalValue()).isEqualByComparingTo("12.5");
    }

    @Test
    void withoutAnOperatorTokenChangesAreDisabledAndHealthAndMetricsAnswer() throws Exception {
        int port = start(ServiceEnv.fresh("budget-api-no-token")).httpPort();

        HttpResponse<String> put = Http.put(port, "/v1/budgets/acme", "{\"daily\":5}", "anything");
        assertThat(put.statusCode()).isEqualTo(503);
        assertThat(Http.json(put).path("error").asText()).isEqualTo("operator_token_not_configured");
        HttpResponse<String> live = Http.get(port, "/health/live");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(Http.json(live)).isEqualTo(Json.read("{\"status\":\"live\"}", JsonNode.class));
        JsonNode ready = Http.json(Http.get(port, "/health/ready"));
        assertThat(ready.path("status").asText()).isEqualTo("ready");
        assertThat(ready.path("streams").asText()).isEqualTo("RUNNING");
        assertThat(ready.has("error")).isFalse();
        // the errors of any route are the shared ones: unknown path 404, known path with another method 405
        HttpResponse<String> nowhere = Http.get(port, "/v1/nowhere");
        assertThat(nowhere.statusCode()).isEqualTo(404);
        assertThat(Http.json(nowhere).path("error").asText()).isEqualTo("not_found");
        HttpResponse<String> wrongMethod = Http.get(port, "/v1/enrich");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(Http.json(wrongMethod).path("error").asText()).isEqualTo("method_not_allowed");
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST");
        String metrics = Http.get(port, "/metrics").body();
        assertThat(metrics).contains("clay_enrichment_pending_results").contains("kafka_stream");
        // no token can read: every read answers 401, saying how to enable reads
        HttpResponse<String> read = Http.get(port, "/v1/budgets/acme", "anything-at-all-long");
        assertThat(read.statusCode()).isEqualTo(401);
        assertThat(Http.json(read).path("detail").asText()).contains("READ_TOKENS");
    }
}
