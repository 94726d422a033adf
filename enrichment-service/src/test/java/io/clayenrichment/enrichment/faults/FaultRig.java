package io.clayenrichment.enrichment.faults;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.clayenrichment.common.deadletter.DeadLetterHeaders;
import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.json.MessageFormatException;
import io.clayenrichment.common.schema.EnrichmentRequest;
import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.schema.ResultSource;
import io.clayenrichment.common.schema.ResultStatus;
import io.clayenrichment.common.testing.IsolatedEnv;
import io.clayenrichment.common.testing.TestKafka;
import io.clayenrichment.enrichment.dispatch.ScriptedClay;
import io.clayenrichment.enrichment.service.Http;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What a fault test needs around the enrichment service: its own topics on a broker, a Clay stand-in
 * over real HTTP that can be down and that calls back (as the receiver would publish Clay's callback)
 * for every row it accepts, with the credits it charged, and a reader of every request's outcomes.
 */
final class FaultRig implements AutoCloseable {

    static final String OPERATOR_TOKEN = "fault-suite-operator-token";

    /**
     * A tenant's budget as the service at {@code port} answers it, once it answers 200: a service that
     * has just started answers 503 until its tasks run, and a 503 body read as a budget would be zero.
     */
    static JsonNode budget(int port, String tenant) {
        AtomicReference<HttpResponse<String>> answer = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    answer.set(Http.get(port, "/v1/budgets/" + tenant, OPERATOR_TOKEN));
                    return answer.get().statusCode() == 200;
                });
        return Http.json(answer.get());
    }

    final Map<String, String> env;
    final ScriptedClay clay = new ScriptedClay();
    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<byte[], byte[]> reader;
    private final Map<String, List<String>> outcomes = new HashMap<>();
    private final Map<String, Double> charged = new ConcurrentHashMap<>();
    private volatile BooleanSupplier clayUp = () -> true;
    private volatile double creditsPerRow = 1.0;

    FaultRig(String name, String bootstrapServers, Map<String, String> settings) {
        env = new HashMap<>(IsolatedEnv.named(name));
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("TOPIC_PARTITIONS", "3");
        env.put("CLAY_WEBHOOK_URLS", clay.url("table").toString());
        env.put("OPERATOR_TOKEN", OPERATOR_TOKEN);
        env.putAll(settings);
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        Properties readerProps = new Properties();
        readerProps.put("bootstrap.servers", bootstrapServers);
        readerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        readerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        readerProps.put(ConsumerConfig.GROUP_ID_CONFIG, TestKafka.uniqueName("outcomes"));
        reader = new KafkaConsumer<>(readerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        reader.subscribe(List.of(env.get("TOPIC_RESULTS"), env.get("TOPIC_DEAD_LETTERS")));
        clay.script((webhook, row, seen) -> {
            if (!clayUp.getAsBoolean()) {
                return ScriptedClay.Answer.status(503, "{\"error\":\"maintenance\"}");
            }
            callBack(row);
            return ScriptedClay.Answer.ok();
        });
    }

    /** While {@code up} answers false, Clay answers 503 and makes no row. */
    void clayIsUpWhile(BooleanSupplier up) {
        clayUp = up;
    }

    /** A request for a contact of its own. */
    void request(String tenant, String requestId) {
        producer.send(new ProducerRecord<>(env.get("TOPIC_REQUESTS"), null, "{\"request_id\":\"" + requestId
                + "\",\"tenant\":\"" + tenant + "\",\"email\":\"" + requestId + "@example.com\"}"));
    }

    void flush() {
        producer.flush();
    }

    /** Clay's callback for a row it took, as the receiver publishes it, with what Clay charged. */
    private void callBack(Map<String, Object> row) {
        String tenant = (String) row.get("tenant");
        charged.merge(tenant, creditsPerRow, Double::sum);
        EnrichmentResult result = new EnrichmentResult((String) row.get("correlation_id"),
                (String) row.get("request_id"), (String) row.get("contact_key"), tenant, ResultStatus.SUCCESS,
                ResultSource.CLAY, Map.of("title", "Engineer"), creditsPerRow, Instant.now(), null);
        producer.send(new ProducerRecord<>(env.get("TOPIC_RESULTS"), result.recordKey(),
                new String(Json.write(result), StandardCharsets.UTF_8)));
    }

    /** Reads what arrived since the last call; answers how many requests have an outcome. */
    synchronized int poll() {
        for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(300))) {
            if (record.topic().equals(env.get("TOPIC_RESULTS"))) {
                EnrichmentResult result = Json.read(record.value(), EnrichmentResult.class);
                outcome(result.requestId(), "result:" + result.source().name().toLowerCase(java.util.Locale.ROOT));
            } else {
                String reason = DeadLetterHeaders.read(record.headers(), DeadLetterHeaders.REASON).orElse("?");
                try {
                    outcome(Json.read(record.value(), EnrichmentRequest.class).requestId(), "dlq:" + reason);
                } catch (MessageFormatException notARequest) {
                    outcome("(unreadable)", "dlq:" + reason);
                }
            }
        }
        return outcomes.size();
    }

    private void outcome(String requestId, String what) {
        outcomes.computeIfAbsent(requestId, id -> new ArrayList<>()).add(what);
    }

    synchronized Map<String, List<String>> outcomes() {
        return Map.copyOf(outcomes);
    }

    /** How many POSTs Clay saw of each correlation id. */
    Map<String, Long> postsPerCorrelationId() {
        return clay.received().stream().collect(Collectors.groupingBy(ScriptedClay.Received::correlationId,
                Collectors.counting()));
    }

    /** The correlation ids Clay saw for each request id: more than one means a request was sent twice. */
    Map<String, Long> correlationIdsPerRequest() {
        return clay.received().stream().collect(Collectors.groupingBy(r -> (String) r.json().get("request_id"),
                Collectors.collectingAndThen(Collectors.mapping(ScriptedClay.Received::correlationId,
                        Collectors.toSet()), set -> (long) set.size())));
    }

    /** Rows Clay accepted, per tenant. */
    Map<String, Long> acceptedPerTenant() {
        return clay.accepted().stream().collect(Collectors.groupingBy(r -> (String) r.json().get("tenant"),
                Collectors.counting()));
    }

    /** The credits Clay charged, per tenant. */
    Map<String, Double> chargedPerTenant() {
        return Map.copyOf(charged);
    }

    @Override
    public void close() {
        reader.close();
        producer.close(Duration.ofSeconds(5));
        clay.close();
    }
}
