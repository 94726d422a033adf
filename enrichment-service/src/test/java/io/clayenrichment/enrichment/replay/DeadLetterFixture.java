package io.clayenrichment.enrichment.replay;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.deadletter.DeadLetterHeaders;
import io.clayenrichment.common.deadletter.DeadLetterReason;
import io.clayenrichment.common.testing.IsolatedEnv;
import io.clayenrichment.common.testing.TestKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** A dead-letter topic of a test's own on the shared broker, letters written to it, and runs of the command. */
final class DeadLetterFixture {

    final Map<String, String> env;
    final String deadLetters;
    final String requests;
    final String outbound;

    DeadLetterFixture(String name) {
        env = IsolatedEnv.named(name);
        env.put("TOPIC_PARTITIONS", "2");
        deadLetters = env.get("TOPIC_DEAD_LETTERS");
        requests = env.get("TOPIC_REQUESTS");
        outbound = env.get("TOPIC_OUTBOUND");
        TestKafka.createTopics(2, deadLetters, requests);
    }

    /** Writes a dead letter as the topology or dispatcher would: original key, value, headers plus dlq.* ones. */
    void letter(int partition, String key, String value, DeadLetterReason reason, String tenant, Instant failedAt,
            String sourceTopic, Map<String, String> originalHeaders) {
        letter(partition, null, key, value, reason, tenant, failedAt, sourceTopic, originalHeaders);
    }

    void letter(int partition, Long timestamp, String key, String value, DeadLetterReason reason, String tenant,
            Instant failedAt, String sourceTopic, Map<String, String> originalHeaders) {
        RecordHeaders headers = new RecordHeaders();
        originalHeaders.forEach((name, v) -> headers.add(name, v.getBytes(StandardCharsets.UTF_8)));
        DeadLetterHeaders.stamp(headers, reason, "detail of " + reason.wire(), tenant, sourceTopic, 0, 7,
                failedAt == null ? Instant.EPOCH : failedAt);
        if (failedAt == null) {
            headers.remove(DeadLetterHeaders.FAILED_AT);
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(TestKafka.clientProperties(),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(deadLetters, partition, timestamp, bytes(key), bytes(value), headers))
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A request dead-lettered by the topology. */
    void request(int partition, String requestId, DeadLetterReason reason, String tenant, Instant failedAt) {
        letter(partition, "email:" + requestId + "@example.com", requestJson(requestId, tenant), reason, tenant,
                failedAt, requests, Map.of());
    }

    static String requestJson(String requestId, String tenant) {
        return "{\"request_id\":\"" + requestId + "\",\"tenant\":\"" + tenant + "\",\"email\":\"" + requestId
                + "@example.com\"}";
    }

    Run replay(String... args) {
        List<String> all = new ArrayList<>(List.of("dlq", "replay"));
        all.addAll(List.of(args));
        return run(all);
    }

    Run run(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ReplayCommand.run(args, new Env(env), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Every committed record on the requests topic so far. */
    List<ConsumerRecord<byte[], byte[]>> replayed() {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (BoundedRead read = new BoundedRead(TestKafka.clientProperties(), requests)) {
            read.forEachBatch(records::addAll);
        }
        return records;
    }

    static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    record Run(int exit, String out, String err) {}
}
