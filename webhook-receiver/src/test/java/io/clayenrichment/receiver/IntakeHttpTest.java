package io.clayenrichment.receiver;

import static io.clayenrichment.receiver.support.ErrorAnswers.assertError;
import static io.clayenrichment.receiver.support.ErrorAnswers.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.testing.TestKafka;
import io.clayenrichment.receiver.support.ResultsTopic;
import io.clayenrichment.receiver.support.RunningReceiver;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/requests} over real HTTP, with requests read back from a real broker. */
class IntakeHttpTest {

    static final String TOKEN = "intake-token-current-0123";
    static final String PREVIOUS_TOKEN = "intake-token-previous-4567";
    private static final int MAX_BATCH = 5;

    private static RunningReceiver receiver;
    private static String requestsTopic;

    @BeforeAll
    static void start() {
        requestsTopic = TestKafka.uniqueName("requests");
        receiver = RunningReceiver.withIntake(requestsTopic, Map.of("INTAKE_TOKENS", TOKEN + "," + PREVIOUS_TOKEN,
                "INTAKE_MAX_BATCH", Integer.toString(MAX_BATCH)));
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    @Test
    void aSingleRequestIsPublishedUnderItsContactKeyWithAGeneratedRequestId() {
        String company = TestKafka.uniqueName("co");
        HttpResponse<String> response = post("""
                {"tenant":"acme","email":" Ada@Example.com ","company":"%s","attributes":{"score":0.10},"crm_id":7}
                """.formatted(company));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode answer = json(response);
        assertThat(answer.get("status").asText()).isEqualTo("accepted");
        assertThat(answer.get("request_ids")).hasSize(1);
        String requestId = answer.get("request_ids").get(0).asText();
        assertThat(requestId).isNotBlank();

        ConsumerRecord<String, String> published = publishedWith(requestId);
        assertThat(published.key()).isEqualTo("email:ada@example.com");
        JsonNode value = Json.read(published.value(), JsonNode.class);
        assertThat(value.get("request_id").asText()).isEqualTo(requestId);
        assertThat(value.get("tenant").asText()).isEqualTo("acme");
        assertThat(value.get("email").asText()).isEqualTo(" Ada@Example.com ");
        assertThat(value.get("company").asText()).isEqualTo(company);
        assertThat(value.get("crm_id").asInt()).isEqualTo(7);
        assertThat(published.value()).contains("\"score\":0.10");
    }

    @Test
    void aBatchIsPublishedInOrderKeepingGivenIdsAndGeneratingMissingOnes() {
        String given = TestKafka.uniqueName("crm");
        HttpResponse<String> response = post("""
                [{"request_id":"%s","email":"bob@example.com"},
                 {"linkedin_url":"https://www.linkedin.com/in/carol-x"},
                 {"domain":"example.org","first_name":"Dan","last_name":"Lee","tenant":"  ","request_id":" "}]
                """.formatted(given));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        List<String> ids = new ArrayList<>();
        json(response).get("request_ids").forEach(id -> ids.add(id.asText()));
        assertThat(ids).hasSize(3).doesNotHaveDuplicates().first().isEqualTo(given);

        List<ConsumerRecord<String, String>> published = ResultsTopic.readUntil(TestKafka.bootstrapServers(),
                requestsTopic, records -> ids.stream().allMatch(id -> find(records, id) != null),
                Duration.ofSeconds(30));
        assertThat(find(published, ids.get(0)).key()).isEqualTo("email:bob@example.com");
        assertThat(find(published, ids.get(0)).value())
                .as("an item with its own id is published as sent, byte for byte")
                .isEqualTo("{\"request_id\":\"%s\",\"email\":\"bob@example.com\"}".formatted(given));
        assertThat(Json.read(find(published, ids.get(2)).value(), JsonNode.class).get("tenant").asText())
                .as("the tenant travels as sent; the topology applies the default").isEqualTo("  ");
        assertThat(find(published, ids.get(1)).key()).startsWith("linkedin:");
        assertThat(find(published, ids.get(2)).key()).startsWith("name:");
        assertThat(published.indexOf(find(published, ids.get(0))))
                .isLessThan(published.indexOf(find(published, ids.get(1))))
                .isLessThan(published.indexOf(find(published, ids.get(2))));
    }

    @Test
    void oneBadItemRefusesTheWholeBatchNamingItAndPublishesNothing() {
        String first = TestKafka.uniqueName("first");
        String last = TestKafka.uniqueName("last");
        HttpResponse<String> response = post("""
                [{"request_id":"%s","email":"a@example.com"},
                 {"email":"b@example.com"},
                 {"email":"not-an-address"},
                 {"request_id":"%s","email":"d@example.com"}]
                """.formatted(first, last));

        assertError(response, 400, "invalid_request");
        JsonNode body = json(response);
        assertThat(body.get("index").asInt()).isEqualTo(2);
        assertThat(body.get("detail").asText()).startsWith("item 2: no usable identity").contains("not-an-address");

        String marker = marker();
        List<ConsumerRecord<String, String>> upToMarker = ResultsTopic.readUntil(TestKafka.bootstrapServers(),
                requestsTopic, records -> find(records, marker) != null, Duration.ofSeconds(30));
        assertThat(find(upToMarker, first)).isNull();
        assertThat(find(upToMarker, last)).isNull();
    }

    @Test
    void itemsBreakingTheContractOrTheTenantRulesAreNamed() {
        assertItemError("[{\"email\":\"a@example.com\"},{\"email\":\"b@example.com\",\"force\":\"maybe\"}]", 1, "force");
        assertItemError("[{\"email\":\"a@example.com\"},17]", 1, "expected a JSON object, got a number");
        assertItemError("{\"email\":\"a@example.com\",\"tenant\":\"" + "t".repeat(201) + "\"}", 0, "tenant");
        assertItemError("{\"email\":\"a@example.com\",\"tenant\":\"ac\\u0000me\"}", 0, "control characters");
        assertItemError("{\"tenant\":\"acme\"}", 0, "no usable identity");
    }

    @Test
    void malformedOrEmptyBodiesAre400() {
        assertError(post("[{\"email\":\"a@example.com\""), 400, "invalid_request");
        assertError(post("[]"), 400, "invalid_request");
        assertError(post("\"just text\""), 400, "invalid_request");
        assertError(post(""), 400, "invalid_request");
        assertError(post("{\"email\":\"a@example.com\",\"email\":\"b@example.com\"}"), 400, "invalid_request");
    }

    @Test
    void aBatchOverTheLimitIs413AndOneAtTheLimitIsAccepted() {
        String item = "{\"email\":\"e%d@example.com\"}";
        List<String> items = new ArrayList<>();
        for (int i = 0; i < MAX_BATCH; i++) {
            items.add(item.formatted(i));
        }
        assertThat(post("[" + String.join(",", items) + "]").statusCode()).isEqualTo(202);
        items.add(item.formatted(MAX_BATCH));
        HttpResponse<String> over = post("[" + String.join(",", items) + "]");
        assertError(over, 413, "batch_too_large");
        assertThat(json(over).get("detail").asText()).contains("INTAKE_MAX_BATCH");
    }

    @Test
    void bothRotationTokensWorkAndAMissingOrWrongOneIs401() {
        for (String token : List.of(TOKEN, PREVIOUS_TOKEN)) {
            assertThat(receiver.send(request("{\"email\":\"r@example.com\"}")
                    .header("Authorization", "Bearer " + token).build()).statusCode()).isEqualTo(202);
        }
        assertError(receiver.send(request("{\"email\":\"r@example.com\"}").build()), 401, "unauthorized");
        HttpResponse<String> wrong = receiver.send(request("{\"email\":\"r@example.com\"}")
                .header("Authorization", "Bearer guess-" + TOKEN).build());
        assertError(wrong, 401, "unauthorized");
        assertThat(wrong.body()).doesNotContain(TOKEN);
        // A callback secret is not an intake token.
        assertError(receiver.send(request("{\"email\":\"r@example.com\"}")
                .header("Authorization", "Bearer " + RunningReceiver.SECRET).build()), 401, "unauthorized");
    }

    @Test
    void aBodyOverMaxBodyBytesIs413AndANonJsonTypeIs415() {
        String big = "{\"email\":\"a@example.com\",\"note\":\"" + "x".repeat(5000) + "\"}";
        assertError(post(big), 413, "body_too_large");
        assertError(receiver.send(request("{\"email\":\"a@example.com\"}").header("Authorization", "Bearer " + TOKEN)
                .setHeader("Content-Type", "text/plain").build()), 415, "unsupported_media_type");
    }

    @Test
    void answersAreCountedPerItemAcceptedAndPerCallRefused() {
        post("[{\"email\":\"m1@example.com\"},{\"email\":\"m2@example.com\"}]");
        receiver.send(request("{}").build());
        String metrics = receiver.get("/metrics").body();
        assertThat(metrics)
                .containsPattern("clay_enrichment_intake_requests_total\\{outcome=\"accepted\",status=\"202\"} \\d+")
                .containsPattern("clay_enrichment_intake_requests_total\\{outcome=\"rejected\",status=\"401\"} \\d+")
                .doesNotContain(TOKEN);
    }

    private static void assertItemError(String body, int index, String reason) {
        HttpResponse<String> response = post(body);
        assertError(response, 400, "invalid_request");
        assertThat(json(response).get("index").asInt()).as(body).isEqualTo(index);
        assertThat(json(response).get("detail").asText()).startsWith("item " + index + ":").contains(reason);
    }

    /** Publishes a request of its own and returns its id: once it is read back, everything before it was too. */
    private static String marker() {
        String id = TestKafka.uniqueName("marker");
        assertThat(post("{\"request_id\":\"" + id + "\",\"email\":\"marker@example.com\"}").statusCode())
                .isEqualTo(202);
        return id;
    }

    private static ConsumerRecord<String, String> publishedWith(String requestId) {
        return find(ResultsTopic.readUntil(TestKafka.bootstrapServers(), requestsTopic,
                records -> find(records, requestId) != null, Duration.ofSeconds(30)), requestId);
    }

    private static ConsumerRecord<String, String> find(List<ConsumerRecord<String, String>> records, String id) {
        return records.stream().filter(r -> r.value().contains("\"request_id\":\"" + id + "\"")).findFirst()
                .orElse(null);
    }

    private static HttpRequest.Builder request(String body) {
        return receiver.intake(body);
    }

    private static HttpResponse<String> post(String body) {
        return receiver.send(request(body).header("Authorization", "Bearer " + TOKEN).build());
    }

}
