package io.clayenrichment.enrichment.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.deadletter.DeadLetterHeaders;
import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.testing.TestKafka;
import io.clayenrichment.enrichment.EnrichmentService;
import io.clayenrichment.enrichment.EnrichmentSettings;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The workspace budget across two real instances on a real broker: 16 tenants spread over 4 partitions
 * of two instances ask for far more rows than the workspace allows; the rows sent, all instances'
 * tasks together, stay within the workspace limit, every other request is dead-lettered with the
 * workspace's reason, and both instances show the owner's figures.
 */
class WorkspaceBudgetInstancesTest {

    private static final String OPERATOR = "workspace-instances-operator";
    private static final int LIMIT = 30;
    private static final int REQUESTS = 120;

    private final List<EnrichmentService> services = new ArrayList<>();

    @AfterEach
    void stop() {
        services.forEach(EnrichmentService::close);
    }

    @Test
    void allTasksOfBothInstancesTogetherStayWithinTheWorkspaceLimit() throws Exception {
        Map<String, String> env = new HashMap<>(ServiceEnv.fresh("workspace-instances"));
        env.put("TOPIC_PARTITIONS", "4");
        env.put("ADVERTISED_HOST", "127.0.0.1");
        env.put("OPERATOR_TOKEN", OPERATOR);
        env.put("WORKSPACE_BUDGET_DAILY", Integer.toString(LIMIT));
        env.put("CREDIT_RESERVATION", "fixed");
        Map<String, String> second = new HashMap<>(env);
        second.put("STATE_DIR", java.nio.file.Files.createTempDirectory("workspace-instances-b-").toString());
        services.add(EnrichmentService.start(EnrichmentSettings.fromEnv(new Env(env))));
        services.add(EnrichmentService.start(EnrichmentSettings.fromEnv(new Env(second))));
        await().atMost(Duration.ofSeconds(60)).until(() -> services.stream().allMatch(s -> Http.get(s.httpPort(),
                "/health/ready", Map.of()).statusCode() == 200));

        List<byte[]> requests = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            requests.add(Json.write(Map.of("tenant", "tenant-" + (i % 16), "email", "p" + i + "@example.com")));
        }
        Produce.requests(env.get("TOPIC_REQUESTS"), requests);

        int[] rows = {0};
        List<String> reasons = new ArrayList<>();
        List<String> details = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> outbound = consumer(); KafkaConsumer<byte[], byte[]> dead = consumer()) {
            outbound.subscribe(List.of(env.get("TOPIC_OUTBOUND")));
            dead.subscribe(List.of(env.get("TOPIC_DEAD_LETTERS")));
            await().atMost(Duration.ofSeconds(120)).until(() -> {
                rows[0] += outbound.poll(Duration.ofMillis(200)).count();
                dead.poll(Duration.ofMillis(200)).forEach(letter -> {
                    reasons.add(header(letter.headers().lastHeader(DeadLetterHeaders.REASON)));
                    details.add(header(letter.headers().lastHeader(DeadLetterHeaders.DETAIL)));
                });
                return rows[0] + reasons.size() >= REQUESTS;
            });
            Thread.sleep(2000);
            rows[0] += outbound.poll(Duration.ofMillis(500)).count();
            assertThat(dead.poll(Duration.ofMillis(500)).count()).isZero();
        }
        assertThat(rows[0]).as("rows sent by all tasks together").isLessThanOrEqualTo(LIMIT).isGreaterThan(0);
        assertThat(rows[0] + reasons.size()).as("one outcome per request").isEqualTo(REQUESTS);
        assertThat(reasons).containsOnly("budget_exhausted");
        assertThat(details).allSatisfy(detail -> assertThat(detail).contains("budget of the workspace"));

        for (EnrichmentService service : services) {
            HttpResponse<String> answer = Http.get(service.httpPort(), "/v1/workspace-budget",
                    Map.of("Authorization", "Bearer " + OPERATOR));
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JsonNode day = Json.mapper().readTree(answer.body()).path("day");
            assertThat(day.path("limit").decimalValue()).isEqualByComparingTo(Integer.toString(LIMIT));
            assertThat(day.path("reserved").decimalValue().add(day.path("spent").decimalValue()))
                    .as("leased and spent, from the owner").isLessThanOrEqualTo(new java.math.BigDecimal(LIMIT))
                    .isGreaterThanOrEqualTo(new java.math.BigDecimal(rows[0]));
            HttpResponse<String> list = Http.get(service.httpPort(), "/v1/budgets",
                    Map.of("Authorization", "Bearer " + OPERATOR));
            assertThat(Json.mapper().readTree(list.body()).path("workspace").path("day").path("limit").decimalValue())
                    .as("GET /v1/budgets shows the workspace too: %s", list.body())
                    .isEqualByComparingTo(Integer.toString(LIMIT));
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer() {
        Properties props = TestKafka.clientProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, TestKafka.uniqueName("workspace"));
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static String header(org.apache.kafka.common.header.Header header) {
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
