package io.clayenrichment.enrichment.service;

import static org.awaitility.Awaitility.await;

import io.clayenrichment.common.schema.EnrichmentRequest;
import io.clayenrichment.common.schema.OutboundRow;
import io.clayenrichment.common.schema.ResultSource;
import io.clayenrichment.enrichment.refresh.RefreshRequests;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.testing.TestKafka;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Records a test puts on the service's topics, each acknowledged by the broker before the next. */
final class Produce {

    private Produce() {}

    /** Results as the webhook-receiver publishes them: keyed by contact key. */
    static void results(String topic, Iterable<EnrichmentResult> results) throws Exception {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (EnrichmentResult result : results) {
                producer.send(new ProducerRecord<>(topic, result.recordKey(), Json.write(result))).get();
            }
        }
    }

    /**
     * Contacts enriched the way the service accepts results: one request per wanted result (for its
     * tenant and contact key), its attempt's row read from the outbound topic (no dispatcher runs in
     * these tests), then Clay's result for that row, carrying the wanted data and times. Answers the
     * results as published, which the contact lookups then hold. Requests of one tenant and contact
     * must not overlap (a second would wait for the first attempt).
     */
    static List<EnrichmentResult> enrichedThroughAttempts(Map<String, String> env, List<EnrichmentResult> wanted)
            throws Exception {
        List<byte[]> requests = new ArrayList<>();
        for (EnrichmentResult result : wanted) {
            EnrichmentRequest request = RefreshRequests.forContact(result.tenant(), result.contactKey(),
                    result.requestId()).orElseThrow(() -> new IllegalArgumentException(result.contactKey()));
            requests.add(Json.write(request));
        }
        requests(env.get("TOPIC_REQUESTS"), requests);
        Map<String, OutboundRow> rows = rowsByRequestId(env.get("TOPIC_OUTBOUND"), wanted.size());
        List<EnrichmentResult> published = new ArrayList<>();
        for (EnrichmentResult result : wanted) {
            OutboundRow row = rows.get(result.requestId());
            published.add(new EnrichmentResult(row.correlationId(), row.requestId(), row.contactKey(), row.tenant(),
                    result.status(), ResultSource.CLAY, result.data(), result.creditsUsed(), result.receivedAt(), null));
        }
        results(env.get("TOPIC_RESULTS"), published);
        return published;
    }

    private static Map<String, OutboundRow> rowsByRequestId(String topic, int count) {
        Properties props = TestKafka.clientProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, TestKafka.uniqueName("rows"));
        Map<String, OutboundRow> rows = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                consumer.poll(Duration.ofMillis(300)).forEach(record -> {
                    OutboundRow row = Json.read(record.value(), OutboundRow.class);
                    rows.put(row.requestId(), row);
                });
                return rows.size() >= count;
            });
        }
        return rows;
    }

    /** Request JSON as any producer may send it: no key. */
    static void requests(String topic, List<byte[]> values) throws Exception {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (byte[] value : values) {
                producer.send(new ProducerRecord<>(topic, null, value)).get();
            }
        }
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties props = TestKafka.clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }
}
