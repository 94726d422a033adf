package io.clayenrichment.enrichment.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.schema.OutboundRow;
import io.clayenrichment.common.schema.ResultSource;
import io.clayenrichment.common.schema.ResultStatus;
import io.clayenrichment.common.testing.TestKafka;
import io.clayenrichment.enrichment.EnrichmentService;
import io.clayenrichment.enrichment.EnrichmentSettings;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/enrich} on a real service and broker, over real HTTP. The test plays Clay: it reads
 * the rows the service sends to {@code clay.outbound} and publishes their results to
 * {@code enriched.contacts}, as the webhook-receiver would.
 */
class SyncEnrichApiTest {

    private static final String TOKEN = "sync-token-1";
    /** May submit for tenant acme only. */
    private static final String ACME_TOKEN = "sync-token-acme";

    private static Map<String, String> env;
    private static EnrichmentService service;
    private static KafkaConsumer<String, byte[]> rows;
    private static KafkaProducer<String, byte[]> results;

    @BeforeAll
    static void start() throws Exception {
        env = new HashMap<>(ServiceEnv.fresh("sync-api"));
        env.put("INTAKE_TOKENS", "old-token," + TOKEN + "," + ACME_TOKEN + ":acme");
        env.put("CREDIT_BUDGETS", "broke:0:0");
        service = EnrichmentService.start(EnrichmentSettings.fromEnv(new Env(env)));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> Http.get(service.httpPort(), "/health/ready").statusCode() == 200);
        Properties consumer = TestKafka.clientProperties();
        consumer.put(ConsumerConfig.GROUP_ID_CONFIG, env.get("APPLICATION_ID") + "-test-clay");
        consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        rows = new KafkaConsumer<>(consumer, new StringDeserializer(), new ByteArrayDeserializer());
        rows.subscribe(List.of(env.get("TOPIC_OUTBOUND")));
        Properties producer = TestKafka.clientProperties();
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        results = new KafkaProducer<>(producer, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        if (rows != null) {
            rows.close();
            results.close();
        }
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aClayResultAnswersTheWaitingCallAndTheNextCallIsAnsweredFromTheCache() throws Exception {
        CompletableFuture<HttpResponse<String>> call = enrichAsync("{\"request_id\":\"first\",\"tenant\":\"acme\","
                + "\"email\":\"Ada@Example.com\",\"company\":\"Analytical Engines\"}", "?wait=60");
        OutboundRow row = rowsFor(1).get(0);
        assertThat(row.requestId()).isEqualTo("first");
        answerAsClay(row, Map.of("title", "Countess"));

        HttpResponse<String> answer = call.get();
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode result = Http.json(answer);
        assertThat(result.path("request_id").asText()).isEqualTo("first");
        assertThat(result.path("correlation_id").asText()).isEqualTo(row.correlationId());
        assertThat(result.path("source").asText()).isEqualTo("clay");
        assertThat(result.path("data").path("title").asText()).isEqualTo("Countess");

        HttpResponse<String> again = enrichAsync("{\"request_id\":\"second\",\"tenant\":\"acme\","
                + "\"email\":\"ada@example.com\"}", "").get();
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(Http.json(again).path("source").asText()).isEqualTo("cache");
        assertThat(Http.json(again).path("request_id").asText()).isEqualTo("second");
        assertThat(Http.json(again).path("data").path("title").asText()).isEqualTo("Countess");
    }

    @Test
    void whenTheWaitEndsFirstTheCallIsAnswered202WithWhatFollowsItUp() throws Exception {
        HttpResponse<String> pending = enrichAsync("{\"tenant\":\"acme\",\"email\":\"slow@example.com\"}",
                "?wait=PT1S").get();
        assertThat(pending.statusCode()).as(pending.body()).isEqualTo(202);
        JsonNode body = Http.json(pending);
        assertThat(body.path("status").asText()).isEqualTo("pending");
        assertThat(body.path("request_id").asText()).isNotBlank();
        assertThat(body.path("contact_key").asText()).isEqualTo("email:slow@example.com");
        assertThat(body.path("lookup").asText()).isEqualTo("/v1/contacts/email%3Aslow%40example.com");
        OutboundRow row = rowsFor(1).get(0);
        // The request was published and went on to Clay: the 202 is a handle on it, not a refusal.
        assertThat(row.requestId()).isEqualTo(body.path("request_id").asText());
        if (body.hasNonNull("correlation_id")) {
            assertThat(body.path("correlation_id").asText()).isEqualTo(row.correlationId());
        }
    }

    @Test
    void aTenantWithoutBudgetIsRefusedWith402AndTheReason() throws Exception {
        HttpResponse<String> denied = enrichAsync("{\"request_id\":\"no-money\",\"tenant\":\"broke\","
                + "\"email\":\"someone@example.com\"}", "?wait=60").get();
        assertThat(denied.statusCode()).as(denied.body()).isEqualTo(402);
        JsonNode body = Http.json(denied);
        assertThat(body.path("error").asText()).isEqualTo("budget_exhausted");
        assertThat(body.path("detail").asText()).contains("budget of tenant 'broke'");
        assertThat(body.path("request_id").asText()).isEqualTo("no-money");
    }

    @Test
    void fiftyConcurrentCallersEachGetTheirOwnResult() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            calls.add(enrichAsync("{\"request_id\":\"many-" + i + "\",\"tenant\":\"t" + (i % 3) + "\","
                    + "\"email\":\"many" + i + "@example.com\"}", "?wait=90"));
        }
        List<OutboundRow> sent = rowsFor(50);
        for (OutboundRow row : sent) {
            answerAsClay(row, Map.of("n", row.requestId()));
        }
        for (int i = 0; i < 50; i++) {
            HttpResponse<String> answer = calls.get(i).get();
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(Http.json(answer).path("request_id").asText()).isEqualTo("many-" + i);
            assertThat(Http.json(answer).path("data").path("n").asText()).isEqualTo("many-" + i);
        }
        assertThat(Http.get(service.httpPort(), "/metrics").body()).contains("clay_enrichment_sync_waiting 0.0");
    }

    @Test
    void badCallsGetTheRight4xxAndPublishNothing() throws Exception {
        int port = service.httpPort();
        HttpResponse<String> noToken = Http.post(port, "/v1/enrich", "{\"email\":\"a@example.com\"}", null);
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(Http.json(noToken).path("error").asText()).isEqualTo("unauthorized");
        assertThat(Http.post(port, "/v1/enrich", "{\"email\":\"a@example.com\"}", "wrong").statusCode()).isEqualTo(401);

        HttpResponse<String> noIdentity = Http.post(port, "/v1/enrich", "{\"email\":\"not-an-email\"}", TOKEN);
        assertThat(noIdentity.statusCode()).isEqualTo(400);
        assertThat(Http.json(noIdentity).path("detail").asText()).startsWith("no usable identity");
        HttpResponse<String> array = Http.post(port, "/v1/enrich", "[{\"email\":\"a@example.com\"}]", TOKEN);
        assertThat(array.statusCode()).isEqualTo(400);
        assertThat(Http.json(array).path("detail").asText()).contains("POST /v1/requests");
        HttpResponse<String> badWait = Http.post(port, "/v1/enrich?wait=soon", "{\"email\":\"a@example.com\"}", TOKEN);
        assertThat(badWait.statusCode()).isEqualTo(400);
        assertThat(Http.json(badWait).path("error").asText()).isEqualTo("invalid_wait");
        assertThat(Http.post(port, "/v1/enrich", "not json", TOKEN).statusCode()).isEqualTo(400);
        HttpResponse<String> huge = Http.post(port, "/v1/enrich", "{\"email\":\"a@example.com\",\"company\":\""
                + "x".repeat(70_000) + "\"}", TOKEN);
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(Http.json(huge).path("error").asText()).isEqualTo("body_too_large");

        // the one valid request that follows is the first row the bad ones would have preceded
        HttpResponse<String> good = Http.post(port, "/v1/enrich?wait=0",
                "{\"request_id\":\"after-bad\",\"email\":\"a@example.com\"}", TOKEN);
        assertThat(good.statusCode()).as(good.body()).isEqualTo(202);
        assertThat(rowsFor(1).get(0).requestId()).isEqualTo("after-bad");
    }

    @Test
    void aTokenScopedToAnotherTenantIs403BeforeAnythingIsProduced() throws Exception {
        int port = service.httpPort();
        HttpResponse<String> beta = Http.post(port, "/v1/enrich?wait=0",
                "{\"request_id\":\"scoped-beta\",\"tenant\":\"beta\",\"email\":\"b@example.com\"}", ACME_TOKEN);
        assertThat(beta.statusCode()).as(beta.body()).isEqualTo(403);
        assertThat(Http.json(beta).path("error").asText()).isEqualTo("forbidden");
        assertThat(Http.json(beta).path("detail").asText())
                .isEqualTo("tenant 'beta' is not among the tenants of this intake token; nothing was published");
        HttpResponse<String> noTenant = Http.post(port, "/v1/enrich?wait=0",
                "{\"request_id\":\"scoped-default\",\"email\":\"d@example.com\"}", ACME_TOKEN);
        assertThat(noTenant.statusCode()).as("no tenant is the default tenant: " + noTenant.body()).isEqualTo(403);
        assertThat(Http.post(port, "/v1/enrich?wait=0", "{\"request_id\":\"scoped-upper\",\"tenant\":\"ACME\","
                + "\"email\":\"u@example.com\"}", ACME_TOKEN).statusCode()).as("tenants are case-sensitive").isEqualTo(403);
        assertThat(Http.post(port, "/v1/enrich?wait=0", "{\"email\":\"a@example.com\"}", ACME_TOKEN + ":acme")
                .statusCode()).as("the entry is not the token").isEqualTo(401);

        HttpResponse<String> acme = Http.post(port, "/v1/enrich?wait=0",
                "{\"request_id\":\"scoped-acme\",\"tenant\":\"acme\",\"email\":\"scoped@example.com\"}", ACME_TOKEN);
        assertThat(acme.statusCode()).as(acme.body()).isEqualTo(202);
        assertThat(rowsFor(1).get(0).requestId()).isEqualTo("scoped-acme");
        // every call above had returned, so anything it produced is below the topic's end offsets by now
        List<String> published = requestIdsOnTheRequestsTopic();
        assertThat(published).contains("scoped-acme").doesNotContain("scoped-beta", "scoped-default", "scoped-upper");
    }

    @Test
    void callersOfDifferentTenantsWithTheSameRequestIdEachGetTheirOwnTenantsAnswer() throws Exception {
        Map<String, CompletableFuture<HttpResponse<String>>> calls = new java.util.LinkedHashMap<>();
        for (String tenant : List.of("acme", "beta", "ACME")) {
            calls.put(tenant, enrichAsync("{\"request_id\":\"crm-1\",\"tenant\":\"" + tenant + "\",\"email\":\""
                    + tenant.toLowerCase() + "-" + tenant.hashCode() + "@example.com\"}", "?wait=60"));
        }
        List<OutboundRow> rows = new ArrayList<>(rowsFor(3));
        // the same tenant with the same request id while its call waits: still 409, the outcomes could not be told apart
        HttpResponse<String> twice = enrichAsync("{\"request_id\":\"crm-1\",\"tenant\":\"beta\","
                + "\"email\":\"other@example.com\"}", "?wait=60").get();
        assertThat(twice.statusCode()).as(twice.body()).isEqualTo(409);
        assertThat(Http.json(twice).path("error").asText()).isEqualTo("already_waiting");

        // answered in the reverse order of the calls: matched by request id alone, acme's caller would get ACME's answer
        rows.sort(java.util.Comparator.comparing(OutboundRow::tenant));
        for (OutboundRow row : rows) {
            assertThat(row.requestId()).isEqualTo("crm-1");
            answerAsClay(row, Map.of("answer_for", row.tenant()));
        }
        for (var call : calls.entrySet()) {
            HttpResponse<String> answer = call.getValue().get();
            assertThat(answer.statusCode()).as(call.getKey() + ": " + answer.body()).isEqualTo(200);
            assertThat(Http.json(answer).path("tenant").asText()).isEqualTo(call.getKey());
            assertThat(Http.json(answer).path("data").path("answer_for").asText()).isEqualTo(call.getKey());
            assertThat(Http.json(answer).path("request_id").asText()).isEqualTo("crm-1");
        }
    }

    @Test
    void anotherTenantsDeadLetterWithTheSameRequestIdDoesNotEndAWaitingCall() throws Exception {
        CompletableFuture<HttpResponse<String>> waiting = enrichAsync("{\"request_id\":\"crm-2\",\"tenant\":\"acme\","
                + "\"email\":\"frank@example.com\"}", "?wait=60");
        OutboundRow row = rowsFor(1).get(0);

        HttpResponse<String> denied = enrichAsync("{\"request_id\":\"crm-2\",\"tenant\":\"broke\","
                + "\"email\":\"grace@example.com\"}", "?wait=60").get();
        assertThat(denied.statusCode()).as(denied.body()).isEqualTo(402);
        assertThat(waiting).as("acme's call, after broke's dead letter of request crm-2").isNotDone();

        answerAsClay(row, Map.of("title", "Admiral"));
        HttpResponse<String> answer = waiting.get();
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(Http.json(answer).path("tenant").asText()).isEqualTo("acme");
        assertThat(Http.json(answer).path("data").path("title").asText()).isEqualTo("Admiral");
    }

    private static CompletableFuture<HttpResponse<String>> enrichAsync(String body, String query) {
        return Http.postAsync(service.httpPort(), "/v1/enrich" + query, body, TOKEN);
    }

    /**
     * The next {@code count} rows on clay.outbound. The tests of this class run one after another on
     * one service, and each takes exactly the rows its own calls caused.
     */
    private static List<OutboundRow> rowsFor(int count) {
        List<OutboundRow> found = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (found.size() < count && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : rows.poll(Duration.ofMillis(200))) {
                found.add(Json.read(record.value(), OutboundRow.class));
            }
        }
        assertThat(found).hasSize(count);
        return found;
    }

    /** The request ids of everything on enrichment.requests, read from the beginning to the current end. */
    private static List<String> requestIdsOnTheRequestsTopic() {
        Properties properties = TestKafka.clientProperties();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            String topic = env.get("TOPIC_REQUESTS");
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<String> ids = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(System.nanoTime()).as("read to the end of " + topic).isLessThan(deadline);
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    ids.add(Json.read(record.value(), JsonNode.class).path("request_id").asText());
                }
            }
            return ids;
        }
    }

    private static void answerAsClay(OutboundRow row, Map<String, Object> data) throws Exception {
        EnrichmentResult result = new EnrichmentResult(row.correlationId(), row.requestId(), row.contactKey(),
                row.tenant(), ResultStatus.SUCCESS, ResultSource.CLAY, data, 1.0, Instant.now(), null);
        results.send(new ProducerRecord<>(env.get("TOPIC_RESULTS"), result.recordKey(), Json.write(result))).get();
    }

}
