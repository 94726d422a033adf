package io.clayenrichment.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Tells how each enrichment request ended, by its request_id: a result on enriched.contacts, or a
 * dead letter on dlq.clay with its reason. Needs only kafka-clients and jackson-databind.
 *
 * <pre>java OutcomeCorrelator.java 127.0.0.1:9092 my-outcomes</pre>
 */
public final class OutcomeCorrelator implements AutoCloseable {

    public static final String RESULTS = "enriched.contacts";
    public static final String DEAD_LETTERS = "dlq.clay";

    /**
     * How one request ended. {@code kind} is "result" or "dead_letter"; {@code status} is the result's
     * status (success, not_found, error) or the dead letter's reason (budget_exhausted, invalid, ...).
     * {@code requestId} is null for a dead letter whose value is not readable JSON.
     */
    public record Outcome(String requestId, String kind, String status, String detail) {

        public boolean isResult() {
            return kind.equals("result");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String resultsTopic;
    private final Map<String, Outcome> outcomes = new LinkedHashMap<>();

    public OutcomeCorrelator(String bootstrapServers, String groupId, String resultsTopic, String deadLetterTopic) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // The platform writes with exactly-once transactions: skip what an aborted one left behind.
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // Offsets are committed after the outcomes are handled, so a crash re-reads rather than loses.
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.resultsTopic = resultsTopic;
        consumer.subscribe(List.of(resultsTopic, deadLetterTopic));
    }

    /** Reads what arrives within {@code timeout} and returns the outcomes found, in the order read. */
    public List<Outcome> poll(Duration timeout) {
        List<Outcome> found = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
            Outcome outcome = record.topic().equals(resultsTopic) ? fromResult(record) : fromDeadLetter(record);
            if (outcome != null) {
                remember(outcome);
                found.add(outcome);
            }
        }
        consumer.commitSync();
        return found;
    }

    /** The latest outcome of every request seen so far, by request_id. */
    public Map<String, Outcome> outcomes() {
        return new LinkedHashMap<>(outcomes);
    }

    /** A result stands: Clay may still answer after a result_timeout dead letter, and that answer wins. */
    private void remember(Outcome outcome) {
        if (outcome.requestId() == null) {
            return;
        }
        outcomes.merge(outcome.requestId(), outcome,
                (earlier, later) -> earlier.isResult() && !later.isResult() ? earlier : later);
    }

    private static Outcome fromResult(ConsumerRecord<byte[], byte[]> record) {
        JsonNode result = readJson(record.value());
        if (result == null || !result.hasNonNull("request_id")) {
            return null; // a result for a request sent without a request_id: nothing to join it to
        }
        return new Outcome(result.get("request_id").asText(), "result", result.path("status").asText(),
                "source=" + result.path("source").asText());
    }

    private static Outcome fromDeadLetter(ConsumerRecord<byte[], byte[]> record) {
        // The value is the original record: a request, or the row sent to Clay. Both carry request_id.
        JsonNode original = readJson(record.value());
        String requestId = original != null && original.hasNonNull("request_id")
                ? original.get("request_id").asText() : null;
        return new Outcome(requestId, "dead_letter", header(record, "dlq.reason"), header(record, "dlq.detail"));
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The value as a JSON object, or null when it is not one (a dead letter of unreadable bytes). */
    private static JsonNode readJson(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(value);
            return node != null && node.isObject() ? node : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    /** Stops a {@link #poll} in progress from another thread; that poll then throws WakeupException. */
    public void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close();
    }

    public static void main(String[] args) {
        String servers = args.length > 0 ? args[0] : "127.0.0.1:9092";
        String group = args.length > 1 ? args[1] : "outcome-correlator";
        try (OutcomeCorrelator correlator = new OutcomeCorrelator(servers, group, RESULTS, DEAD_LETTERS)) {
            Thread main = Thread.currentThread();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                correlator.wakeup();
                try {
                    main.join(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            while (true) {
                for (Outcome outcome : correlator.poll(Duration.ofSeconds(1))) {
                    // your handling goes here: mark the request done, alert on a dead letter, ...
                    System.out.println(outcome.requestId() + " " + outcome.kind() + " " + outcome.status() + " "
                            + outcome.detail());
                }
            }
        } catch (WakeupException stopping) {
            // Ctrl-C: the shutdown hook woke the poll; close() leaves the group cleanly
        }
    }
}
