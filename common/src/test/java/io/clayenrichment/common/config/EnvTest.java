package io.clayenrichment.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class EnvTest {

    @Test
    void typedReadsWithDefaults() {
        Env env = new Env(Map.of("PORT", "8080", "TTL", "p30d", "ON", "yes", "LIST", " a, ,b ,", "BLANK", "  "));
        assertThat(env.integer("PORT", 1)).isEqualTo(8080);
        assertThat(env.integer("MISSING", 7)).isEqualTo(7);
        assertThat(env.duration("TTL", Duration.ZERO)).isEqualTo(Duration.ofDays(30));
        assertThat(env.bool("ON", false)).isTrue();
        assertThat(env.list("LIST")).containsExactly("a", "b");
        assertThat(env.string("BLANK", "dflt")).isEqualTo("dflt");
    }

    @Test
    void malformedOrMissingSettingsFailWithOneLineNamingTheVariable() {
        Env env = new Env(Map.of("PORT", "eighty", "TTL", "30 days", "URLS", "https://ok.example/x,ftp://nope"));
        assertThatThrownBy(() -> env.integer("PORT", 1))
                .isInstanceOf(SettingsException.class).hasMessage("PORT=eighty is invalid: expected a whole number");
        assertThatThrownBy(() -> env.duration("TTL", Duration.ZERO))
                .hasMessageStartingWith("TTL=30 days is invalid: expected an ISO-8601 duration");
        assertThatThrownBy(() -> env.requiredString("CLAY_WEBHOOK_URLS", "comma-separated Clay table webhook URLs"))
                .hasMessage("CLAY_WEBHOOK_URLS is required: comma-separated Clay table webhook URLs");
        assertThatThrownBy(() -> env.urls("URLS")).hasMessageContaining("URLS has an invalid URL 'ftp://nope'");
        assertThatThrownBy(() -> new Env(Map.of("N", "0")).positiveInteger("N", 1)).hasMessageContaining("N=0");
    }

    @Test
    void kafkaVariablesBecomeClientProperties() {
        KafkaSettings kafka = KafkaSettings.fromEnv(new Env(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "broker:9093",
                "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "KAFKA_HEAP_OPTS", "-Xmx1g",
                "KAFKA_PORT_9092_TCP_ADDR", "10.0.0.1",
                "KAFKA_SERVICE_HOST", "10.0.0.1",
                "HTTP_PORT", "8080")));
        assertThat(kafka.clientProperties()).containsOnly(
                Map.entry("bootstrap.servers", "broker:9093"),
                Map.entry("sasl.mechanism", "SCRAM-SHA-512"),
                Map.entry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;"));
        assertThat(kafka.redacted()).containsEntry("sasl.jaas.config", "[redacted]");
        assertThat(KafkaSettings.fromEnv(new Env(Map.of())).bootstrapServers()).isEqualTo("127.0.0.1:9092");
    }

    @Test
    void aRecordingEnvReportsEveryNameATypedReadAsksFor() {
        Set<String> read = new TreeSet<>();
        Env env = Env.recording(Map.of("PORT", "8080"), read::add);
        env.integer("PORT", 1);
        env.duration("UNSET_TTL", Duration.ZERO);
        env.list("UNSET_LIST");
        env.isSet("FLAG");
        assertThat(read).containsExactly("FLAG", "PORT", "UNSET_LIST", "UNSET_TTL");
        assertThat(env.integer("PORT", 1)).isEqualTo(8080);
    }
}
