package io.clayenrichment.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.kafka.KafkaBrokerProcess;
import io.clayenrichment.common.testing.TestKafka;
import io.clayenrichment.receiver.support.ResultsTopic;
import io.clayenrichment.receiver.support.RunningReceiver;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With its broker stopped, the receiver answers 503 with Retry-After within the publish timeout and
 * turns not ready; once the broker is back, every callback that was answered 200 is in Kafka.
 */
class KafkaOutageTest {

    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(3);

    @TempDir
    Path brokerDir;

    @Test
    void callbacksDuringAnOutageAre503AndNothingAcknowledgedIsLost() throws Exception {
        String topic = TestKafka.uniqueName("results");
        List<String> accepted = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        try (KafkaBrokerProcess broker = TestKafka.ownBrokerProcess(brokerDir)) {
            broker.start(TestKafka.brokerStartTimeout());
            createTopic(broker.bootstrapServers(), topic);
            Map<String, String> env = new java.util.HashMap<>(
                    RunningReceiver.environment(broker.bootstrapServers(), topic));
            env.put("PUBLISH_TIMEOUT", PUBLISH_TIMEOUT.toString());
            try (RunningReceiver receiver = RunningReceiver.start(env)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> receiver.get("/health/ready").statusCode() == 200);
                postAll(receiver, "before", 3, accepted, refused);
                assertThat(refused).isEmpty();

                broker.stop();
                long stoppedAt = System.nanoTime();
                List<HttpResponse<String>> outage = postAll(receiver, "outage", 4, accepted, refused);
                for (HttpResponse<String> response : outage) {
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
                    assertThat(response.headers().firstValue("Retry-After")).hasValueSatisfying(
                            seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
                    assertThat(Json.read(response.body(), Map.class)).containsEntry("error", "kafka_unavailable");
                }
                await().atMost(Duration.ofSeconds(10).minusNanos(System.nanoTime() - stoppedAt))
                        .until(() -> receiver.get("/health/ready").statusCode() == 503);
                assertThat(Json.read(receiver.get("/health/ready").body(), Map.class))
                        .containsEntry("status", "not_ready").containsEntry("error", "not_ready")
                        .containsEntry("detail", "Kafka is not reachable").containsEntry("kafka", "unreachable");

                broker.start(TestKafka.brokerStartTimeout());
                await().atMost(Duration.ofSeconds(20)).until(() -> receiver.get("/health/ready").statusCode() == 200);
                postAll(receiver, "after", 3, accepted, refused);
                assertThat(accepted).hasSize(6);
                assertThat(refused).hasSize(4);
                assertThat(receiver.get("/metrics").body())
                        .contains("clay_enrichment_callbacks_total{outcome=\"unavailable\",status=\"503\"} 4.0");
            }
            Set<String> published = ResultsTopic.readUntil(broker.bootstrapServers(), topic,
                            records -> keys(records).containsAll(accepted), Duration.ofSeconds(30)).stream()
                    .map(ConsumerRecord::key).collect(Collectors.toSet());
            assertThat(published).containsAll(accepted).doesNotContainAnyElementsOf(refused);
        }
    }

    /** Posts {@code count} callbacks at once, each with the publish timeout as the bound on its answer. */
    private static List<HttpResponse<String>> postAll(RunningReceiver receiver, String prefix, int count,
            List<String> accepted, List<String> refused) {
        List<String> ids = IntStream.range(0, count).mapToObj(i -> TestKafka.uniqueName(prefix)).toList();
        List<HttpResponse<String>> responses = ids.parallelStream().map(id -> {
            long started = System.nanoTime();
            HttpResponse<String> response = receiver.send(receiver.callback("{\"correlation_id\":\"" + id + "\"}")
                    .header("X-Clay-Callback-Secret", RunningReceiver.SECRET).build());
            // The contract bounds the answer by the publish timeout; a second covers HTTP on a busy machine.
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .isLessThan(PUBLISH_TIMEOUT.plusSeconds(1));
            return response;
        }).toList();
        for (int i = 0; i < ids.size(); i++) {
            (responses.get(i).statusCode() == 200 ? accepted : refused).add(ids.get(i));
        }
        return responses;
    }

    private static Set<String> keys(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
    }

    private static void createTopic(String bootstrapServers, String topic) throws Exception {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", bootstrapServers);
        try (Admin admin = Admin.create(properties)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }
}
