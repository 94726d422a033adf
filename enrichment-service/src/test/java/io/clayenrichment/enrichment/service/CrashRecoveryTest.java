package io.clayenrichment.enrichment.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.clayenrichment.common.deadletter.DeadLetterHeaders;
import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.kafka.KafkaBrokerProcess;
import io.clayenrichment.common.schema.EnrichmentRequest;
import io.clayenrichment.common.schema.OutboundRow;
import io.clayenrichment.common.testing.TestKafka;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * On a real broker: the service is killed (SIGKILL) in the middle of a run and restarted on the same
 * state folder and application id. Spend must be what it would have been without the crash, and every
 * request must have exactly one outcome (exactly-once processing, changelogged spend).
 */
class CrashRecoveryTest {

    private static final int PER_TENANT = 150;
    private static final Map<String, Integer> DAILY = Map.of("alpha", 40, "beta", 25);
    private static final String READ_TOKEN = "crash-read-token-0001";

    @Test
    void anAbruptStopMidRunLosesNothingAndSpendsNothingTwice() throws Exception {
        Map<String, String> env = new HashMap<>(ServiceEnv.fresh("crash"));
        env.put("CREDIT_BUDGETS", "alpha:40:1000,beta:25:1000");
        env.put("RESULT_TIMEOUT", "PT1H");
        env.put("READ_TOKENS", READ_TOKEN);
        env.put("HTTP_PORT", Integer.toString(KafkaBrokerProcess.freePort()));
        // the killed instance never leaves the group; its session must expire before the restart gets the tasks
        env.put("KAFKA_SESSION_TIMEOUT_MS", "6000");
        env.put("KAFKA_HEARTBEAT_INTERVAL_MS", "1000");
        int port = Integer.parseInt(env.get("HTTP_PORT"));

        ServiceProcess first = ServiceProcess.start(env);
        try (Outcomes outcomes = new Outcomes(env)) {
            awaitReady(first, port);
            produceRequests(env.get("TOPIC_REQUESTS"));
            await().atMost(Duration.ofSeconds(90)).until(() -> outcomes.poll() >= 30);
            first.kill();
            int beforeKill = outcomes.poll();

            try (ServiceProcess second = ServiceProcess.start(env)) {
                awaitReady(second, port);
                await().atMost(Duration.ofSeconds(120)).until(() -> outcomes.poll() >= 2 * PER_TENANT);
                for (var tenant : DAILY.entrySet()) {
                    JsonNode budget = Json.mapper().readTree(Http.get(port, "/v1/budgets/" + tenant.getKey(), READ_TOKEN).body());
                    assertThat(budget.path("day").path("reserved").intValue()).as("reserved by %s", tenant.getKey())
                            .isEqualTo(tenant.getValue());
                    assertThat(budget.path("state").asText()).isEqualTo("open");
                }
            }
            // after a clean stop everything is committed: read to the end once more, then count
            outcomes.readToEnd();
            System.out.println("outcomes visible when the service was killed: " + beforeKill + " of " + 2 * PER_TENANT);
            assertThat(outcomes.byRequest).hasSize(2 * PER_TENANT);
            assertThat(outcomes.byRequest).allSatisfy((id, ends) -> assertThat(ends).as(id).hasSize(1));
            for (var tenant : DAILY.entrySet()) {
                assertThat(outcomes.sent.getOrDefault(tenant.getKey(), 0)).isEqualTo(tenant.getValue());
                assertThat(outcomes.denied.getOrDefault(tenant.getKey(), 0)).isEqualTo(PER_TENANT - tenant.getValue());
            }
        } finally {
            if (first.isAlive()) {
                first.kill();
            }
        }
    }

    private static void awaitReady(ServiceProcess service, int port) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
            assertThat(service.isAlive()).as(service.logTail()).isTrue();
            try {
                return Http.get(port, "/health/ready").statusCode() == 200;
            } catch (java.io.UncheckedIOException notListening) {
                return false;
            }
        });
    }

    private static void produceRequests(String topic) {
        Properties props = TestKafka.clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < PER_TENANT; i++) {
                for (String tenant : List.of("alpha", "beta")) {
                    String id = tenant + "-" + i;
                    producer.send(new ProducerRecord<>(topic, null, "{\"request_id\":\"" + id + "\",\"tenant\":\""
                            + tenant + "\",\"email\":\"" + id + "@example.com\"}"));
                }
            }
        }
    }

    /** Committed outcomes on clay.outbound and dlq.clay, by request id. */
    private static final class Outcomes implements AutoCloseable {
        final Map<String, List<String>> byRequest = new HashMap<>();
        final Map<String, Integer> sent = new HashMap<>();
        final Map<String, Integer> denied = new HashMap<>();
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final String outboundTopic;

        Outcomes(Map<String, String> env) {
            Properties props = TestKafka.clientProperties();
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            props.put(ConsumerConfig.GROUP_ID_CONFIG, TestKafka.uniqueName("outcomes"));
            consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            outboundTopic = env.get("TOPIC_OUTBOUND");
            consumer.subscribe(List.of(outboundTopic, env.get("TOPIC_DEAD_LETTERS")));
        }

        int poll() {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                if (record.topic().equals(outboundTopic)) {
                    OutboundRow row = Json.read(record.value(), OutboundRow.class);
                    add(row.requestId(), "sent");
                    sent.merge(row.tenant(), 1, Integer::sum);
                } else {
                    EnrichmentRequest request = Json.read(record.value(), EnrichmentRequest.class);
                    String reason = DeadLetterHeaders.read(record.headers(), DeadLetterHeaders.REASON).orElse("?");
                    add(request.requestId(), reason);
                    if (reason.equals("budget_exhausted")) {
                        denied.merge(request.tenant(), 1, Integer::sum);
                    }
                }
            }
            return byRequest.size();
        }

        void readToEnd() {
            Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                poll();
                return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
            });
        }

        private void add(String requestId, String outcome) {
            byRequest.computeIfAbsent(requestId, id -> new java.util.ArrayList<>()).add(outcome);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
