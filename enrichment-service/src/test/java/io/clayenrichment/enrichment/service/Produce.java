package io.clayenrichment.enrichment.service;

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
