package io.clayenrichment.receiver.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.config.KafkaSettings;
import io.clayenrichment.common.config.SettingsException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The producer's waits follow PUBLISH_TIMEOUT, and Kafka itself accepts the combination. */
class ProducerPropertiesTest {

    @Test
    void thePublishTimeoutBoundsEveryWaitOfTheProducer() {
        Properties properties = KafkaResultPublisher.producerProperties(kafka(Map.of()), Duration.ofSeconds(3));

        assertThat(properties.getProperty(ProducerConfig.ACKS_CONFIG)).isEqualTo("all");
        assertThat(properties.getProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)).isEqualTo("true");
        assertThat(properties.getProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG)).isEqualTo("3000");
        assertThat(properties.getProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)).isEqualTo("3000");
        assertThat(properties.getProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG)).isEqualTo("2999");
        assertAcceptedByKafka(properties);
    }

    @Test
    void lingerCanBeTunedAndTheTimeoutsStillAddUp() {
        Properties properties = KafkaResultPublisher.producerProperties(kafka(Map.of("KAFKA_LINGER_MS", "20")),
                Duration.ofSeconds(15));

        assertThat(properties.getProperty(ProducerConfig.LINGER_MS_CONFIG)).isEqualTo("20");
        assertThat(properties.getProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG)).isEqualTo("14980");
        assertAcceptedByKafka(properties);
    }

    @Test
    void aMalformedLingerNamesItsVariable() {
        assertThatThrownBy(() -> KafkaResultPublisher.producerProperties(kafka(Map.of("KAFKA_LINGER_MS", "soon")),
                Duration.ofSeconds(15)))
                .isInstanceOf(SettingsException.class).hasMessageStartingWith("KAFKA_LINGER_MS=soon is invalid");
    }

    private static KafkaSettings kafka(Map<String, String> env) {
        return KafkaSettings.fromEnv(new Env(env));
    }

    /** Kafka refuses delivery.timeout.ms < linger.ms + request.timeout.ms when it parses its config. */
    private static void assertAcceptedByKafka(Properties properties) {
        Properties withSerializers = new Properties();
        withSerializers.putAll(properties);
        withSerializers.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        withSerializers.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(withSerializers)) {
            assertThat(producer.metrics()).isNotEmpty();
        }
    }
}
