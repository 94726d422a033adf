package io.clayenrichment.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.kafka.KafkaBrokerProcess;
import io.clayenrichment.common.testing.TestKafka;
import io.clayenrichment.receiver.support.ResultsTopic;
import io.clayenrichment.receiver.support.RunningReceiver;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With its broker stopped, the intake answers 503 with Retry-After within the publish timeout; a batch
 * answered 202 before or after the outage is in Kafka in full.
 */
class IntakeOutageTest {

    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(3);
    private static final String TOKEN = "intake-outage-token";

    @TempDir
    Path brokerDir;

    @Test
    void aBatchDuringAnOutageIs503AndAcceptedBatchesAreInKafka() throws Exception {
        String results = TestKafka.uniqueName("results");
        String requests = TestKafka.uniqueName("requests");
        try (KafkaBrokerProcess broker = TestKafka.ownBrokerProcess(brokerDir)) {
            broker.start(TestKafka.brokerStartTimeout());
            createTopics(broker.bootstrapServers(), results, requests);
            Map<String, String> env = new HashMap<>(RunningReceiver.environment(broker.bootstrapServers(), results));
            env.put("TOPIC_REQUESTS", requests);
            env.put("INTAKE_TOKENS", TOKEN);
            env.put("PUBLISH_TIMEOUT", PUBLISH_TIMEOUT.toString());
            List<String> accepted;
            try (RunningReceiver receiver = RunningReceiver.start(env)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> receiver.get("/health/ready").statusCode() == 200);
                List<String> before = requestIds(post(receiver, "before"), 202);

                broker.stop();
                long started = System.nanoTime();
                HttpResponse<String> outage = post(receiver, "outage");
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(PUBLISH_TIMEOUT.plusSeconds(1));
                assertThat(outage.statusCode()).as(outage.body()).isEqualTo(503);
                assertThat(outage.headers().firstValue("Retry-After")).hasValueSatisfying(
                        seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
                assertThat(Json.read(outage.body(), JsonNode.class).get("error").asText())
                        .isEqualTo("kafka_unavailable");

                broker.start(TestKafka.brokerStartTimeout());
                await().atMost(Duration.ofSeconds(20)).until(() -> receiver.get("/health/ready").statusCode() == 200);
                List<String> after = requestIds(post(receiver, "after"), 202);
                accepted = java.util.stream.Stream.concat(before.stream(), after.stream()).toList();
                assertThat(receiver.get("/metrics").body())
                        .contains("clay_enrichment_intake_requests_total{outcome=\"unavailable\",status=\"503\"} 1.0")
                        .contains("clay_enrichment_intake_requests_total{outcome=\"accepted\",status=\"202\"} 4.0");
            }
            Set<String> published = ResultsTopic.readUntil(broker.bootstrapServers(), requests,
                            records -> ids(records).containsAll(accepted), Duration.ofSeconds(30)).stream()
                    .map(record -> Json.read(record.value(), JsonNode.class).get("request_id").asText())
                    .collect(Collectors.toSet());
            assertThat(published).containsAll(accepted);
        }
    }

    private static HttpResponse<String> post(RunningReceiver receiver, String prefix) {
        String body = "[{\"request_id\":\"" + TestKafka.uniqueName(prefix) + "\",\"email\":\"a@example.com\"},"
                + "{\"email\":\"b@example.com\"}]";
        return receiver.send(receiver.intake(body)
                .header("Authorization", "Bearer " + TOKEN).build());
    }

    private static List<String> requestIds(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        List<String> ids = new java.util.ArrayList<>();
        Json.read(response.body(), JsonNode.class).get("request_ids").forEach(id -> ids.add(id.asText()));
        assertThat(ids).hasSize(2);
        return ids;
    }

    private static Set<String> ids(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(r -> Json.read(r.value(), JsonNode.class).path("request_id").asText())
                .collect(Collectors.toSet());
    }

    private static void createTopics(String bootstrapServers, String... topics) throws Exception {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", bootstrapServers);
        try (Admin admin = Admin.create(properties)) {
            admin.createTopics(java.util.Arrays.stream(topics).map(t -> new NewTopic(t, 1, (short) 1)).toList())
                    .all().get(30, TimeUnit.SECONDS);
        }
    }
}
