package io.clayenrichment.local.e2e;

import io.clayenrichment.common.deadletter.DeadLetterHeaders;
import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.testing.TestKafka;
import io.clayenrichment.common.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Every outcome the platform published, per request id: a result on the results topic (its
 * {@code request_id}) or a dead letter (the request id header the test put on the original record).
 */
public final class Outcomes implements AutoCloseable {

    /** One end of a request: {@code clay:success}, {@code clay:not_found}, {@code cache}, {@code dlq:<reason>}. */
    public final Map<String, List<String>> byRequest = new ConcurrentHashMap<>();
    final List<EnrichmentResult> results = new ArrayList<>();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Topics topics;

    public Outcomes(Topics topics) {
        this.topics = topics;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, TestKafka.uniqueName("e2e-outcomes"));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topics.results().name(), topics.deadLetters().name()));
    }

    /** Reads what has arrived; returns how many requests have at least one outcome. */
    public synchronized int poll() {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            if (record.topic().equals(topics.results().name())) {
                EnrichmentResult result = Json.read(record.value(), EnrichmentResult.class);
                results.add(result);
                String outcome = result.source().wire().equals("cache") ? "cache" : "clay:" + result.status().wire();
                add(result.requestId(), outcome);
            } else {
                String reason = DeadLetterHeaders.read(record.headers(), DeadLetterHeaders.REASON).orElse("?");
                Header id = record.headers().lastHeader(Platform.REQUEST_ID_HEADER);
                add(id == null ? "unknown" : new String(id.value(), StandardCharsets.UTF_8), "dlq:" + reason);
            }
        }
        return byRequest.size();
    }

    private void add(String requestId, String outcome) {
        byRequest.computeIfAbsent(String.valueOf(requestId), k -> new ArrayList<>()).add(outcome);
    }

    public long count(String outcome) {
        return byRequest.values().stream().flatMap(List::stream).filter(outcome::equals).count();
    }

    public long countStartingWith(String prefix) {
        return byRequest.values().stream().flatMap(List::stream).filter(o -> o.startsWith(prefix)).count();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
