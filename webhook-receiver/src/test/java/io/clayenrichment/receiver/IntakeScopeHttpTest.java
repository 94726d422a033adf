package io.clayenrichment.receiver;

import static io.clayenrichment.receiver.support.ErrorAnswers.assertError;
import static io.clayenrichment.receiver.support.ErrorAnswers.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.testing.TestKafka;
import io.clayenrichment.receiver.support.ResultsTopic;
import io.clayenrichment.receiver.support.RunningReceiver;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/requests} with a tenant-scoped intake token ({@code token:acme|beta}) beside an
 * unscoped one, over real HTTP; what was published is read back from the requests topic.
 */
class IntakeScopeHttpTest {

    private static final String ACME_BETA_TOKEN = "intake-acme-beta-0123";
    private static final String EVERY_TENANT_TOKEN = "intake-every-tenant-4567";

    private static RunningReceiver receiver;
    private static String requestsTopic;

    @BeforeAll
    static void start() {
        requestsTopic = TestKafka.uniqueName("requests");
        receiver = RunningReceiver.withIntake(requestsTopic,
                Map.of("INTAKE_TOKENS", ACME_BETA_TOKEN + ":acme| beta, " + EVERY_TENANT_TOKEN));
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    @Test
    void aScopedTokenSubmitsForItsTenantsAndTheUnscopedOneForAnyTenant() {
        String acme = TestKafka.uniqueName("acme");
        String beta = TestKafka.uniqueName("beta");
        HttpResponse<String> scoped = post(ACME_BETA_TOKEN, "[" + item(acme, "acme") + "," + item(beta, " beta ") + "]");
        assertThat(scoped.statusCode()).as(scoped.body()).isEqualTo(202);
        assertThat(json(scoped).get("request_ids")).hasSize(2);

        String gamma = TestKafka.uniqueName("gamma");
        String noTenant = TestKafka.uniqueName("default");
        HttpResponse<String> unscoped = post(EVERY_TENANT_TOKEN, "[" + item(gamma, "gamma") + ","
                + "{\"request_id\":\"" + noTenant + "\",\"email\":\"d@example.com\"}]");
        assertThat(unscoped.statusCode()).as(unscoped.body()).isEqualTo(202);

        List<ConsumerRecord<String, String>> published = readUntilPublished(List.of(acme, beta, gamma, noTenant));
        assertThat(published).isNotEmpty();
    }

    @Test
    void aTokenScopedToOtherTenantsIs403AndPublishesNothing() {
        String gamma = TestKafka.uniqueName("gamma");
        HttpResponse<String> other = post(ACME_BETA_TOKEN, item(gamma, "gamma"));
        assertError(other, 403, "forbidden");
        assertThat(json(other).get("index").asInt()).isZero();
        assertThat(json(other).get("detail").asText())
                .isEqualTo("item 0: tenant 'gamma' is not among the tenants of this intake token; nothing was published")
                .doesNotContain(ACME_BETA_TOKEN);

        String upperCase = TestKafka.uniqueName("upper");
        assertError(post(ACME_BETA_TOKEN, item(upperCase, "ACME")), 403, "forbidden");

        String noTenant = TestKafka.uniqueName("no-tenant");
        HttpResponse<String> defaultTenant = post(ACME_BETA_TOKEN, "{\"request_id\":\"" + noTenant
                + "\",\"email\":\"d@example.com\",\"tenant\":\" \"}");
        assertError(defaultTenant, 403, "forbidden");
        assertThat(json(defaultTenant).get("detail").asText()).as("an item without a tenant is the default tenant's")
                .contains("tenant 'default'");

        assertNothingPublished(gamma, upperCase, noTenant);
    }

    @Test
    void oneItemOutsideTheScopeRefusesTheWholeBatchNamingEveryItemOutside() {
        String first = TestKafka.uniqueName("first");
        String outside = TestKafka.uniqueName("outside");
        String inside = TestKafka.uniqueName("inside");
        String unnamed = TestKafka.uniqueName("unnamed");
        HttpResponse<String> mixed = post(ACME_BETA_TOKEN, "[" + item(first, "acme") + "," + item(outside, "gamma")
                + "," + item(inside, "beta") + ",{\"request_id\":\"" + unnamed + "\",\"email\":\"u@example.com\"}]");

        assertError(mixed, 403, "forbidden");
        assertThat(json(mixed).get("index").asInt()).isEqualTo(1);
        assertThat(json(mixed).get("detail").asText()).isEqualTo("items 1, 3: tenants 'gamma', 'default' are not"
                + " among the tenants of this intake token; nothing was published");
        assertNothingPublished(first, outside, inside, unnamed);
    }

    @Test
    void withoutATokenOrWithAWrongOneTheCallIs401WhateverTheTenant() {
        assertError(receiver.send(receiver.intake(item("x", "acme")).build()), 401, "unauthorized");
        HttpResponse<String> wrong = post("guess-" + ACME_BETA_TOKEN, item("x", "acme"));
        assertError(wrong, 401, "unauthorized");
        assertThat(wrong.body()).doesNotContain(ACME_BETA_TOKEN);
        assertError(post(ACME_BETA_TOKEN + ":acme", item("x", "acme")), 401, "unauthorized");
    }

    @Test
    void refusalsOutsideTheScopeAreCountedAs403() {
        post(ACME_BETA_TOKEN, item(TestKafka.uniqueName("counted"), "gamma"));
        assertThat(receiver.get("/metrics").body())
                .containsPattern("clay_enrichment_intake_requests_total\\{outcome=\"rejected\",status=\"403\"} \\d+");
    }

    private static String item(String requestId, String tenant) {
        return "{\"request_id\":\"" + requestId + "\",\"tenant\":\"" + tenant + "\",\"email\":\"" + requestId
                + "@example.com\"}";
    }

    /** Publishes a marker with the unscoped token: once it is read back, anything sent before it was too. */
    private static void assertNothingPublished(String... requestIds) {
        String marker = TestKafka.uniqueName("marker");
        assertThat(post(EVERY_TENANT_TOKEN, item(marker, "marker")).statusCode()).isEqualTo(202);
        List<ConsumerRecord<String, String>> upToMarker = readUntilPublished(List.of(marker));
        for (String requestId : requestIds) {
            assertThat(upToMarker).as("request %s", requestId)
                    .noneMatch(record -> record.value().contains("\"request_id\":\"" + requestId + "\""));
        }
    }

    private static List<ConsumerRecord<String, String>> readUntilPublished(List<String> requestIds) {
        return ResultsTopic.readUntil(TestKafka.bootstrapServers(), requestsTopic, records -> requestIds.stream()
                .allMatch(id -> records.stream().anyMatch(r -> r.value().contains("\"request_id\":\"" + id + "\""))),
                Duration.ofSeconds(30));
    }

    private static HttpResponse<String> post(String token, String body) {
        return receiver.send(receiver.intake(body).header("Authorization", "Bearer " + token).build());
    }
}
