package io.clayenrichment.enrichment.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.schema.ResultSource;
import io.clayenrichment.common.schema.ResultStatus;
import io.clayenrichment.enrichment.EnrichmentService;
import io.clayenrichment.enrichment.EnrichmentSettings;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reads of tenant data (budgets, contact lookups) on a real service and broker, over real HTTP: who
 * may read, and what each token sees. Tenants: acme, beta and Gamma (configured, nothing spent).
 */
class ReadAccessApiTest {

    private static final String OPERATOR = "read-access-operator-token";
    /** Two unscoped read tokens: the new one and the one being rotated out. */
    private static final String READER_NEW = "reader-new-0123456789";
    private static final String READER_OLD = "reader-old-0123456789";
    private static final String ACME = "reader-acme-0123456789";
    private static final String BETA_GAMMA = "reader-beta-gamma-0123456789";
    private static final Instant AT = Instant.parse("2026-11-27T18:00:00Z");

    private static final String ADA = "email:ada@example.com"; // acme's
    private static final String BOB = "email:bob@example.com"; // beta's
    /** Enriched by acme, then later by beta: the store keeps beta's (the latest across tenants). */
    private static final String SHARED = "email:shared@example.com";
    private static final List<String> READS = List.of("/v1/budgets", "/v1/budgets/acme", contact(ADA));

    private static EnrichmentService service;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> env = new HashMap<>(ServiceEnv.fresh("read-access"));
        env.put("OPERATOR_TOKEN", OPERATOR);
        env.put("READ_TOKENS", READER_NEW + "," + READER_OLD + "," + ACME + ":acme," + BETA_GAMMA + ":beta|Gamma");
        env.put("CREDIT_BUDGETS", "acme:100:2000,Gamma:1:10");
        service = EnrichmentService.start(EnrichmentSettings.fromEnv(new Env(env)));
        port = service.httpPort();
        Produce.enrichedThroughAttempts(env, List.of(result(ADA, "acme", 0), result(BOB, "beta", 1),
                result(SHARED, "acme", 2), result(SHARED, "beta", 3)));
        // no dispatcher runs: each request stays reserved, so acme and beta have spend here
        Produce.requests(env.get("TOPIC_REQUESTS"), List.of(request("acme", "p1@acme.example"),
                request("beta", "p1@beta.example"), request("beta", "p2@beta.example")));
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            assertThat(Http.get(port, contact(SHARED), OPERATOR).body()).contains("\"tenant\":\"beta\"");
            assertThat(Http.get(port, contact(ADA), OPERATOR).statusCode()).isEqualTo(200);
            assertThat(Http.get(port, contact(BOB), OPERATOR).statusCode()).isEqualTo(200);
            assertThat(reserved(Http.get(port, "/v1/budgets/beta", OPERATOR))).isEqualTo(2);
            assertThat(reserved(Http.get(port, "/v1/budgets/acme", OPERATOR))).isEqualTo(1);
        });
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void everyReadWithoutAReadTokenIs401AndHealthAndMetricsStayOpen() {
        for (String path : READS) {
            HttpResponse<String> none = Http.get(port, path);
            assertThat(none.statusCode()).as(path).isEqualTo(401);
            assertThat(Http.json(none).path("error").asText()).isEqualTo("unauthorized");
            assertThat(Http.json(none).path("detail").asText()).contains("READ_TOKENS");
            assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer");
            assertThat(none.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");

            for (Map<String, String> wrong : List.of(bearer("reader-new-012345678"), bearer(READER_NEW + "0"),
                    bearer(READER_NEW.toUpperCase()), bearer(""), Map.of("Authorization", "Basic " + READER_NEW),
                    Map.of("Authorization", READER_NEW), Map.of("X-Clay-Forwarded-By", "127.0.0.1:1"))) {
                HttpResponse<String> refused = Http.get(port, path, wrong);
                assertThat(refused.statusCode()).as(path + " with " + wrong + ": " + refused.body()).isEqualTo(401);
                assertThat(Http.json(refused).path("error").asText()).isEqualTo("unauthorized");
                assertThat(refused.body()).doesNotContain(READER_NEW).doesNotContain("reader-");
            }
        }
        // not even the syntax of a key is checked for a caller without a token
        assertThat(Http.get(port, "/v1/contacts/phone%3A123").statusCode()).isEqualTo(401);
        assertThat(Http.get(port, "/health/live").statusCode()).isEqualTo(200);
        assertThat(Http.get(port, "/health/ready").statusCode()).isEqualTo(200);
        String metrics = Http.get(port, "/metrics").body();
        assertThat(metrics).contains("clay_enrichment_contact_lookups_total{outcome=\"unauthorized\"}")
                .doesNotContain("reader-").doesNotContain(OPERATOR);
    }

    @Test
    void theOperatorTokenAndBothUnscopedReadTokensReadEveryTenantAndNothingElseDoes() {
        for (String token : List.of(OPERATOR, READER_NEW, READER_OLD)) {
            assertThat(tenants(Http.get(port, "/v1/budgets", token))).as(token).containsExactly("Gamma", "acme", "beta");
            assertThat(reserved(Http.get(port, "/v1/budgets/beta", token))).isEqualTo(2);
            assertThat(Http.get(port, "/v1/budgets/someone-new", token).statusCode()).isEqualTo(200);
            assertThat(tenantOf(Http.get(port, contact(ADA), token))).isEqualTo("acme");
            assertThat(tenantOf(Http.get(port, contact(BOB), token))).isEqualTo("beta");
            assertThat(Http.get(port, contact("email:nobody@example.com"), token).statusCode()).isEqualTo(404);
            assertThat(Http.get(port, "/v1/budgets/bad%01tenant", token).statusCode()).isEqualTo(400);
            assertThat(Http.get(port, "/v1/contacts/phone%3A123", token).statusCode()).isEqualTo(400);
        }
        // a token one character off reads nothing
        assertThat(Http.get(port, "/v1/budgets/beta", READER_OLD.substring(1)).statusCode()).isEqualTo(401);
    }

    @Test
    void aScopedTokenSeesItsOwnTenantsOnly() {
        // budgets: its own tenants; another tenant (existing or not, any case) is 403
        assertThat(tenants(Http.get(port, "/v1/budgets", ACME))).containsExactly("acme");
        assertThat(tenants(Http.get(port, "/v1/budgets", BETA_GAMMA))).containsExactly("Gamma", "beta");
        assertThat(reserved(Http.get(port, "/v1/budgets/acme", ACME))).isEqualTo(1);
        assertThat(reserved(Http.get(port, "/v1/budgets/beta", BETA_GAMMA))).isEqualTo(2);
        assertThat(Http.get(port, "/v1/budgets/Gamma", BETA_GAMMA).statusCode()).isEqualTo(200);
        for (String other : List.of("beta", "ACME", "Acme", "gamma", "someone-new")) {
            HttpResponse<String> forbidden = Http.get(port, "/v1/budgets/" + other, ACME);
            assertThat(forbidden.statusCode()).as(other).isEqualTo(403);
            assertThat(Http.json(forbidden).path("error").asText()).isEqualTo("forbidden");
            assertThat(forbidden.body()).doesNotContain("reserved");
        }
        assertThat(Http.get(port, "/v1/budgets/acme", BETA_GAMMA).statusCode()).isEqualTo(403);

        // contacts: its own tenants' results; another tenant's is answered exactly like no result at all
        assertThat(tenantOf(Http.get(port, contact(ADA), ACME))).isEqualTo("acme");
        assertThat(tenantOf(Http.get(port, contact(BOB), BETA_GAMMA))).isEqualTo("beta");
        assertLikeNoResult(Http.get(port, contact(BOB), ACME), BOB);
        assertLikeNoResult(Http.get(port, contact(ADA), BETA_GAMMA), ADA);
        // today's store keeps the latest result across tenants: beta's hides acme's older one from acme
        assertThat(tenantOf(Http.get(port, contact(SHARED), BETA_GAMMA))).isEqualTo("beta");
        assertLikeNoResult(Http.get(port, contact(SHARED), ACME), SHARED);
    }

    @Test
    void readTokensCannotChangeBudgets() {
        HttpResponse<String> put = Http.put(port, "/v1/budgets/acme", "{\"daily\":5}", ACME);
        assertThat(put.statusCode()).isEqualTo(403);
        assertThat(Http.json(put).path("error").asText()).isEqualTo("forbidden");
        assertThat(Http.put(port, "/v1/budgets/acme", "{\"daily\":5}", READER_NEW).statusCode()).isEqualTo(403);
        assertThat(Http.put(port, "/v1/budgets/acme", "{\"daily\":5}", "not-a-token-at-all").statusCode())
                .isEqualTo(401);
        assertThat(Http.json(Http.get(port, "/v1/budgets/acme", OPERATOR)).path("day").path("limit").asInt())
                .isEqualTo(100);
    }

    /** The 404 of a key nobody enriched: the same error, and nothing of the hidden result. */
    private static void assertLikeNoResult(HttpResponse<String> response, String key) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
        assertThat(Http.json(response)).isEqualTo(Json.mapper().createObjectNode().put("error", "not_found")
                .put("detail", "no successful enrichment of " + key));
    }

    private static EnrichmentResult result(String key, String tenant, int second) {
        return new EnrichmentResult("corr-" + tenant + "-" + second, "req-" + second, key, tenant, ResultStatus.SUCCESS,
                ResultSource.CLAY, Map.of("title", "Title of " + tenant), 1.0, AT.plusSeconds(second), null);
    }

    private static byte[] request(String tenant, String email) {
        return Json.write(Map.of("tenant", tenant, "email", email));
    }

    private static String contact(String key) {
        return "/v1/contacts/" + URLEncoder.encode(key, StandardCharsets.UTF_8);
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private static Set<String> tenants(HttpResponse<String> list) {
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        Set<String> tenants = new TreeSet<>();
        Http.json(list).path("budgets").forEach(budget -> tenants.add(budget.path("tenant").asText()));
        return tenants;
    }

    private static int reserved(HttpResponse<String> budget) {
        assertThat(budget.statusCode()).as(budget.body()).isEqualTo(200);
        return Http.json(budget).path("day").path("reserved").asInt();
    }

    private static String tenantOf(HttpResponse<String> lookup) {
        assertThat(lookup.statusCode()).as(lookup.body()).isEqualTo(200);
        JsonNode result = Http.json(lookup);
        return result.path("tenant").asText();
    }
}
