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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every answer of the receiver over real HTTP, with results read back from a real broker. */
class CallbackHttpTest {

    private static RunningReceiver receiver;

    @BeforeAll
    static void start() {
        String topic = TestKafka.uniqueName("results");
        TestKafka.createTopics(1, topic);
        receiver = RunningReceiver.start(RunningReceiver.environment(TestKafka.bootstrapServers(), topic));
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    @Test
    void acceptsACallbackOnlyOnceKafkaHasItAndPublishesItUnderTheContactKey() {
        String id = TestKafka.uniqueName("corr");
        HttpResponse<String> response = receiver.post("""
                {"correlation_id":"%s","contact_key":"email:ada@example.com","tenant":"acme","request_id":"crm-1",
                 "status":"success","credits_used":3,"data":{"title":"Countess","work_email":"ada@ae.com","x":""}}
                """.formatted(id));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response)).isEqualTo(Json.mapper().createObjectNode()
                .put("status", "accepted").put("correlation_id", id));
        JsonNode published = Json.mapper().valueToTree(publishedFor(id, marker()));
        assertThat(published.get("key").asText()).isEqualTo("email:ada@example.com");
        JsonNode value = published.get("value");
        assertThat(value.get("correlation_id").asText()).isEqualTo(id);
        assertThat(value.get("tenant").asText()).isEqualTo("acme");
        assertThat(value.get("request_id").asText()).isEqualTo("crm-1");
        assertThat(value.get("status").asText()).isEqualTo("success");
        assertThat(value.get("source").asText()).isEqualTo("clay");
        assertThat(value.get("credits_used").asDouble()).isEqualTo(3.0);
        assertThat(value.get("received_at").asText()).isNotBlank();
        assertThat(value.get("data")).isEqualTo(Json.mapper().createObjectNode()
                .put("title", "Countess").put("work_email", "ada@ae.com"));
    }

    @Test
    void aFlatBodyIsPublishedLikeTheNestedOne() {
        String id = TestKafka.uniqueName("corr");
        assertThat(receiver.post("""
                {"correlation_id":"%s","contact_key":"email:bob@example.com","title":"CTO","company_size":"51-200",
                 "phone":"null"}
                """.formatted(id)).statusCode()).isEqualTo(200);

        JsonNode value = Json.mapper().valueToTree(publishedFor(id, marker())).get("value");
        assertThat(value.get("status").asText()).isEqualTo("success");
        assertThat(value.get("data")).isEqualTo(Json.mapper().createObjectNode()
                .put("title", "CTO").put("company_size", "51-200"));
    }

    @Test
    void aCallbackWithOnlyACorrelationIdIsKeyedByItAndNotFound() {
        String id = TestKafka.uniqueName("corr");
        assertThat(receiver.post("{\"correlation_id\":\"" + id + "\"}").statusCode()).isEqualTo(200);

        JsonNode published = Json.mapper().valueToTree(publishedFor(id, marker()));
        assertThat(published.get("key").asText()).isEqualTo(id);
        assertThat(published.get("value").get("status").asText()).isEqualTo("not_found");
        assertThat(published.get("value").has("contact_key")).isFalse();
    }

    @Test
    void aResentCallbackIsADuplicateAndIsNotPublishedAgainButNewDataIs() {
        String id = TestKafka.uniqueName("corr");
        String body = "{\"correlation_id\":\"" + id + "\",\"data\":{\"title\":\"CEO\"}}";
        assertThat(json(receiver.post(body)).get("status").asText()).isEqualTo("accepted");

        HttpResponse<String> again = receiver.post(body);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).get("status").asText()).isEqualTo("duplicate");

        String changed = "{\"correlation_id\":\"" + id + "\",\"data\":{\"title\":\"CFO\"}}";
        assertThat(json(receiver.post(changed)).get("status").asText()).isEqualTo("accepted");

        String marker = marker();
        List<String> titles = readUpTo(marker).stream()
                .map(record -> Json.read(record.value(), JsonNode.class))
                .filter(value -> value.get("correlation_id").asText().equals(id))
                .map(value -> value.get("data").get("title").asText()).toList();
        assertThat(titles).containsExactly("CEO", "CFO");
    }

    @Test
    void bothRotationSecretsWorkInEitherHeader() {
        for (String secret : List.of(RunningReceiver.SECRET, RunningReceiver.PREVIOUS_SECRET)) {
            String body = "{\"correlation_id\":\"" + TestKafka.uniqueName("corr") + "\"}";
            assertThat(receiver.send(receiver.callback(body).header("X-Clay-Callback-Secret", secret).build())
                    .statusCode()).isEqualTo(200);
            String other = "{\"correlation_id\":\"" + TestKafka.uniqueName("corr") + "\"}";
            assertThat(receiver.send(receiver.callback(other).header("Authorization", "Bearer " + secret).build())
                    .statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aSecretDifferingOnlyInCaseIsRefusedOnAKeptAliveConnection() {
        // the JDK client keeps its connection alive: the second request follows the first on it
        String body = "{\"correlation_id\":\"c-case\"}";
        assertThat(receiver.send(receiver.callback(body).header("X-Clay-Callback-Secret", RunningReceiver.SECRET)
                .build()).statusCode()).isEqualTo(200);
        for (String header : new String[] {"X-Clay-Callback-Secret", "Authorization"}) {
            String value = (header.equals("Authorization") ? "Bearer " : "") + RunningReceiver.SECRET.toUpperCase();
            HttpResponse<String> upper = receiver.send(receiver.callback(body).header(header, value).build());
            assertError(upper, 401, "unauthorized");
        }
    }

    @Test
    void aMissingOrWrongSecretIs401AndTheSecretIsNotEchoed() {
        String body = "{\"correlation_id\":\"c-401\"}";
        HttpResponse<String> missing = receiver.send(receiver.callback(body).build());
        assertError(missing, 401, "unauthorized");

        HttpResponse<String> wrong = receiver.send(receiver.callback(body)
                .header("X-Clay-Callback-Secret", "guess-" + RunningReceiver.SECRET).build());
        assertError(wrong, 401, "unauthorized");
        assertThat(wrong.body()).doesNotContain("guess-").doesNotContain(RunningReceiver.SECRET);

        HttpResponse<String> basic = receiver.send(receiver.callback(body)
                .header("Authorization", "Basic " + RunningReceiver.SECRET).build());
        assertError(basic, 401, "unauthorized");
    }

    @Test
    void malformedJsonIs400() {
        assertError(receiver.post("{\"correlation_id\": \"x\","), 400, "invalid_callback");
        assertError(receiver.post("[1,2]"), 400, "invalid_callback");
        assertError(receiver.post(""), 400, "invalid_callback");
    }

    @Test
    void aMissingCorrelationIdIs400NamingIt() {
        HttpResponse<String> response = receiver.post("{\"correlation_id\":\"null\",\"data\":{\"a\":1}}");
        assertError(response, 400, "invalid_callback");
        assertThat(json(response).get("detail").asText()).contains("correlation_id");
    }

    @Test
    void anUnknownStatusIs400NamingIt() {
        HttpResponse<String> response = receiver.post("{\"correlation_id\":\"c\",\"status\":\"partial\"}");
        assertError(response, 400, "invalid_callback");
        assertThat(json(response).get("detail").asText()).contains("status").contains("partial");
    }

    @Test
    void nonNumericCreditsAre400() {
        HttpResponse<String> response = receiver.post("{\"correlation_id\":\"c\",\"credits_used\":\"three\"}");
        assertError(response, 400, "invalid_callback");
        assertThat(json(response).get("detail").asText()).contains("credits_used");
    }

    @Test
    void creditsOverTheMaximumNegativeOrUnrepresentableAre400NamingTheMaximumAndPublishNothing() {
        List<String> probes = new ArrayList<>();
        for (String credits : List.of("1e400", "1e-400", "1e16", "1e12", "10000.5", "-1", "1e9999999999",
                "\"1e9999999999\"", "\"1e400\"")) {
            String probe = TestKafka.uniqueName("probe");
            probes.add(probe);
            HttpResponse<String> response = receiver.post(probing(probe, "\"correlation_id\":\"" + probe
                    + "\",\"credits_used\":" + credits));
            assertError(response, 400, "invalid_callback");
            assertThat(json(response).get("detail").asText()).as(credits)
                    .startsWith("field 'credits_used': expected a number from 0 to 10000");
        }
        assertNothingPublishedFor(probes);
    }

    @Test
    void creditsAtTheMaximumAndNumericStringsAreAccepted() {
        for (String credits : List.of("10000", "\"3\"", "0.0004")) {
            String id = TestKafka.uniqueName("corr");
            assertThat(receiver.post("{\"correlation_id\":\"" + id + "\",\"credits_used\":" + credits + "}")
                    .statusCode()).as(credits).isEqualTo(200);
            JsonNode value = Json.mapper().valueToTree(publishedFor(id, marker())).get("value");
            assertThat(value.get("credits_used").asDouble()).isEqualTo(Double.parseDouble(credits.replace("\"", "")));
        }
    }

    @Test
    void identifiersAndStatusThatAreNotStringsAre400NamingTheFieldAndPublishNothing() {
        List<String> probes = new ArrayList<>();
        for (String field : List.of("correlation_id", "contact_key", "tenant", "request_id", "status")) {
            for (String value : List.of("true", "7", "[\"a\"]", "{\"a\":\"b\"}")) {
                String probe = TestKafka.uniqueName("probe");
                probes.add(probe);
                String others = field.equals("correlation_id") ? "" : "\"correlation_id\":\"" + probe + "\",";
                HttpResponse<String> response = receiver.post(probing(probe, others + "\"" + field + "\":" + value));
                assertError(response, 400, "invalid_callback");
                assertThat(json(response).get("detail").asText()).as(field + "=" + value)
                        .startsWith("field '" + field + "': expected a string");
            }
        }
        assertNothingPublishedFor(probes);
    }

    @Test
    void contentAfterTheBodyIs400AndPublishesNothing() {
        List<String> probes = new ArrayList<>();
        for (String trailing : List.of(" {}", "x", "]", " {\"correlation_id\":\"other\"}")) {
            String probe = TestKafka.uniqueName("probe");
            probes.add(probe);
            HttpResponse<String> response = receiver.post(probing(probe, "\"correlation_id\":\"" + probe + "\"")
                    + trailing);
            assertError(response, 400, "invalid_callback");
            assertThat(json(response).get("detail").asText()).as(trailing).startsWith("malformed JSON");
        }
        assertNothingPublishedFor(probes);
    }

    @Test
    void aTenantTheIntakeWouldRefuseIs400NamingIt() {
        List<String> probes = new ArrayList<>();
        for (String tenant : List.of("ac\\u0001me", "ac\\u0000me", "t".repeat(201))) {
            String probe = TestKafka.uniqueName("probe");
            probes.add(probe);
            HttpResponse<String> response = receiver.post(probing(probe, "\"correlation_id\":\"" + probe
                    + "\",\"tenant\":\"" + tenant + "\""));
            assertError(response, 400, "invalid_callback");
            assertThat(json(response).get("detail").asText()).startsWith("field 'tenant'");
        }
        assertNothingPublishedFor(probes);
    }

    @Test
    void aDeclaredBodyOverTheLimitIs413() {
        String big = "{\"correlation_id\":\"c\",\"data\":{\"blob\":\"" + "x".repeat(5000) + "\"}}";
        assertError(receiver.post(big), 413, "body_too_large");
    }

    @Test
    void aChunkedBodyOverTheLimitIs413Too() {
        byte[] big = ("{\"correlation_id\":\"c\",\"data\":{\"blob\":\"" + "x".repeat(5000) + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
        HttpRequest request = receiver.callback("").header("X-Clay-Callback-Secret", RunningReceiver.SECRET)
                .POST(HttpRequest.BodyPublishers.fromPublisher(chunked(big))).build();
        assertThat(request.bodyPublisher().orElseThrow().contentLength()).isNegative();
        assertError(receiver.send(request), 413, "body_too_large");
    }

    @Test
    void aBodyThatIsNotDeclaredJsonIs415() {
        HttpRequest request = receiver.callback("{\"correlation_id\":\"c\"}")
                .header("X-Clay-Callback-Secret", RunningReceiver.SECRET)
                .setHeader("Content-Type", "text/plain").build();
        assertError(receiver.send(request), 415, "unsupported_media_type");

        HttpRequest untyped = java.net.http.HttpRequest.newBuilder(receiver.uri("/clay-webhook"))
                .header("X-Clay-Callback-Secret", RunningReceiver.SECRET)
                .POST(HttpRequest.BodyPublishers.ofString("{\"correlation_id\":\"c\"}")).build();
        assertThat(untyped.headers().firstValue("Content-Type")).isEmpty();
        assertError(receiver.send(untyped), 415, "unsupported_media_type");
    }

    @Test
    void jsonWithACharsetAndPlusJsonTypesAreAccepted() {
        for (String type : List.of("application/json; charset=utf-8", "application/vnd.clay+json",
                "Application/JSON")) {
            HttpRequest request = receiver.callback("{\"correlation_id\":\"" + TestKafka.uniqueName("c") + "\"}")
                    .header("X-Clay-Callback-Secret", RunningReceiver.SECRET)
                    .setHeader("Content-Type", type).build();
            assertThat(receiver.send(request).statusCode()).as(type).isEqualTo(200);
        }
    }

    @Test
    void unknownPathsAre404AndWrongMethodsAre405AsJson() {
        assertError(receiver.get("/nowhere"), 404, "not_found");
        HttpResponse<String> wrongMethod = receiver.get("/clay-webhook");
        assertError(wrongMethod, 405, "method_not_allowed");
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void withoutIntakeTokensTheIntakeIs404SayingItIsDisabled() {
        HttpResponse<String> response = receiver.send(receiver.intake("{\"email\":\"a@example.com\"}")
                .header("Authorization", "Bearer " + RunningReceiver.SECRET).build());
        assertError(response, 404, "intake_disabled");
        assertThat(json(response).get("detail").asText()).contains("INTAKE_TOKENS");
    }

    @Test
    void healthAndMetricsAnswer() {
        HttpResponse<String> live = receiver.get("/health/live");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(json(live)).isEqualTo(Json.read("{\"status\":\"live\"}", JsonNode.class));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> receiver.get("/health/ready").statusCode() == 200);
        assertThat(json(receiver.get("/health/ready"))).isEqualTo(
                Json.read("{\"status\":\"ready\",\"kafka\":\"reachable\"}", JsonNode.class));
        receiver.post("{\"correlation_id\":\"" + TestKafka.uniqueName("c") + "\"}");
        receiver.send(receiver.callback("{}").build());

        String metrics = receiver.get("/metrics").body();
        assertThat(metrics)
                .contains("clay_enrichment_callbacks_total{outcome=\"accepted\",status=\"200\"}")
                .contains("clay_enrichment_callbacks_total{outcome=\"rejected\",status=\"401\"}")
                .contains("clay_enrichment_callback_publish_seconds_bucket")
                .contains("kafka_producer_record_send_total")
                .contains("clay_enrichment_receiver_kafka_reachable 1.0")
                .doesNotContain(RunningReceiver.SECRET);
    }


    /** A body with {@code fields} and {@code probe} in its data, so that any result published from it shows. */
    private static String probing(String probe, String fields) {
        return "{" + fields + ",\"data\":{\"probe\":\"" + probe + "\"}}";
    }

    private static void assertNothingPublishedFor(List<String> probes) {
        List<String> published = readUpTo(marker()).stream().map(ConsumerRecord::value)
                .filter(value -> probes.stream().anyMatch(value::contains)).toList();
        assertThat(published).isEmpty();
    }

    /** Posts a callback of its own and returns its id: once it is read back, everything before it was too. */
    private static String marker() {
        String id = TestKafka.uniqueName("marker");
        assertThat(receiver.post("{\"correlation_id\":\"" + id + "\"}").statusCode()).isEqualTo(200);
        return id;
    }

    private static List<ConsumerRecord<String, String>> readUpTo(String markerId) {
        return ResultsTopic.readUntil(TestKafka.bootstrapServers(), receiver.resultsTopic(),
                records -> records.get(records.size() - 1).value().contains("\"" + markerId + "\""),
                Duration.ofSeconds(30));
    }

    private static java.util.Map<String, Object> publishedFor(String id, String markerId) {
        List<ConsumerRecord<String, String>> matching = readUpTo(markerId).stream()
                .filter(record -> record.value().contains("\"correlation_id\":\"" + id + "\"")).toList();
        assertThat(matching).hasSize(1);
        return java.util.Map.of("key", matching.get(0).key(), "value", Json.read(matching.get(0).value(),
                JsonNode.class));
    }

    private static Flow.Publisher<ByteBuffer> chunked(byte[] bytes) {
        return subscriber -> {
            SubmissionPublisher<ByteBuffer> publisher = new SubmissionPublisher<>();
            publisher.subscribe(subscriber);
            for (int i = 0; i < bytes.length; i += 1024) {
                publisher.submit(ByteBuffer.wrap(bytes, i, Math.min(1024, bytes.length - i)));
            }
            publisher.close();
        };
    }
}
