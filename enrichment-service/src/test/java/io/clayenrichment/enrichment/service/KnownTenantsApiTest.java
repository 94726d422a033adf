package io.clayenrichment.enrichment.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.clayenrichment.common.config.Env;
import io.clayenrichment.enrichment.EnrichmentService;
import io.clayenrichment.enrichment.EnrichmentSettings;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * UNKNOWN_TENANTS=refuse on a real service and broker, over real HTTP: the budget API knows only the
 * known tenants, and a synchronous request of another tenant is answered with its dead letter.
 */
class KnownTenantsApiTest {

    private static final String OPERATOR = "operator-token-known-tenants";
    private static final String READER = "reader-token-acme-and-ghost";
    private static final String OUTSIDER = "reader-token-of-beta-only";
    private static final String INTAKE = "intake-token-known-tenants";

    private static EnrichmentService service;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> env = new HashMap<>(ServiceEnv.fresh("known-tenants"));
        env.put("KNOWN_TENANTS", "acme");
        env.put("CREDIT_BUDGETS", "beta:10:100");
        env.put("UNKNOWN_TENANTS", "refuse");
        env.put("OPERATOR_TOKEN", OPERATOR);
        // a scope may name any tenant; naming it does not make it known
        env.put("READ_TOKENS", READER + ":acme|ghost," + OUTSIDER + ":beta");
        env.put("INTAKE_TOKENS", INTAKE);
        service = EnrichmentService.start(EnrichmentSettings.fromEnv(new Env(env)));
        port = service.httpPort();
        await().atMost(Duration.ofSeconds(60)).until(() -> Http.get(port, "/health/ready").statusCode() == 200);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void theBudgetOfAnUnknownTenantIsNotFoundAndNotListed() {
        assertThat(Http.get(port, "/v1/budgets/acme", OPERATOR).statusCode()).isEqualTo(200);
        assertThat(Http.get(port, "/v1/budgets/beta", OPERATOR).statusCode()).isEqualTo(200);
        for (String unknown : List.of("ghost", "Acme", "default")) {
            HttpResponse<String> get = Http.get(port, "/v1/budgets/" + unknown, OPERATOR);
            assertThat(get.statusCode()).as(unknown).isEqualTo(404);
            assertThat(Http.json(get).path("error").asText()).isEqualTo("unknown_tenant");
            assertThat(Http.json(get).path("detail").asText()).contains("'" + unknown + "'");
        }
        assertThat(Http.get(port, "/v1/budgets/ghost", READER).statusCode()).isEqualTo(404);
        // outside the token's scope it stays 403: a reader learns nothing of which tenants are known
        assertThat(Http.get(port, "/v1/budgets/ghost", OUTSIDER).statusCode()).isEqualTo(403);

        assertThat(tenantsListed(OPERATOR)).containsExactly("acme", "beta");
        assertThat(tenantsListed(READER)).containsExactly("acme");
    }

    @Test
    void anUnknownTenantsBudgetCannotBeChanged() {
        HttpResponse<String> put = Http.put(port, "/v1/budgets/ghost", "{\"daily\":5}", OPERATOR);
        assertThat(put.statusCode()).isEqualTo(404);
        assertThat(Http.json(put).path("error").asText()).isEqualTo("unknown_tenant");
        assertThat(tenantsListed(OPERATOR)).doesNotContain("ghost");
    }

    @Test
    void aSynchronousRequestOfAnUnknownTenantIsAnsweredWithItsDeadLetter() {
        HttpResponse<String> answer = Http.post(port, "/v1/enrich?wait=60",
                "{\"request_id\":\"ghostly\",\"tenant\":\"ghost\",\"email\":\"casper@example.com\"}", INTAKE);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(403);
        JsonNode body = Http.json(answer);
        assertThat(body.path("status").asText()).isEqualTo("dead_lettered");
        assertThat(body.path("error").asText()).isEqualTo("unknown_tenant");
        assertThat(body.path("detail").asText()).contains("'ghost'");
        assertThat(body.path("request_id").asText()).isEqualTo("ghostly");
        String metrics = Http.get(port, "/metrics").body();
        assertThat(metrics).contains("clay_enrichment_dead_letters_total{reason=\"unknown_tenant\",tenant=\"_other\"}")
                .doesNotContain("tenant=\"ghost\"");
    }

    private static List<String> tenantsListed(String token) {
        HttpResponse<String> list = Http.get(port, "/v1/budgets", token);
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        return Http.json(list).path("budgets").findValuesAsText("tenant");
    }
}
