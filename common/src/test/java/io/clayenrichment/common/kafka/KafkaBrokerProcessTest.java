package io.clayenrichment.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.testing.TestKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerProcessTest {

    @Test
    void aStoppedBrokerKeepsItsDataAcrossARestart(@TempDir Path dir) throws Exception {
        try (KafkaBrokerProcess broker = TestKafka.ownBrokerProcess(dir.resolve("kafka"))) {
            broker.start(TestKafka.brokerStartTimeout());
            produce(broker.bootstrapServers(), "before-restart");
            broker.stop();
            assertThat(broker.isRunning()).isFalse();

            broker.start(TestKafka.brokerStartTimeout());
            produce(broker.bootstrapServers(), "after-restart");
            assertThat(consumeAll(broker.bootstrapServers())).containsExactly("before-restart", "after-restart");
        }
    }

    @Test
    void sharedTestBrokerTakesWritesAndReads() throws Exception {
        String topic = TestKafka.uniqueName("smoke");
        TestKafka.createTopics(1, topic);
        try (var producer = new KafkaProducer<String, String>(props(TestKafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", "v")).get();
        }
        try (var consumer = consumer(TestKafka.bootstrapServers())) {
            consumer.subscribe(List.of(topic));
            assertThat(pollUntil(consumer, 1)).containsExactly("v");
        }
    }

    private static void produce(String bootstrap, String value) throws Exception {
        Properties props = props(bootstrap);
        props.put("acks", "all");
        try (var producer = new KafkaProducer<String, String>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("restart-test", value)).get();
        }
    }

    private static List<String> consumeAll(String bootstrap) {
        try (var consumer = consumer(bootstrap)) {
            consumer.subscribe(List.of("restart-test"));
            return pollUntil(consumer, 2);
        }
    }

    private static List<String> pollUntil(KafkaConsumer<String, String> consumer, int count) {
        List<String> values = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (values.size() < count && System.nanoTime() < deadline) {
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
            records.forEach(r -> values.add(r.value()));
        }
        return values;
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap) {
        Properties props = props(bootstrap);
        props.put("group.id", TestKafka.uniqueName("g"));
        props.put("auto.offset.reset", "earliest");
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    private static Properties props(String bootstrap) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("auto.create.topics.enable", "true");
        return props;
    }
}
