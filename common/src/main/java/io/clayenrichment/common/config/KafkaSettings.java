package io.clayenrichment.common.config;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Kafka client properties from the environment: every {@code KAFKA_*} variable becomes a property
 * ({@code KAFKA_SASL_MECHANISM} -> {@code sasl.mechanism}), with {@code KAFKA_BOOTSTRAP_SERVERS}
 * defaulting to {@code 127.0.0.1:9092}. Variables that are not client settings (the JVM options of
 * Kafka's scripts, and the service links Kubernetes adds for a Service named "kafka") are skipped.
 */
public record KafkaSettings(Map<String, String> clientProperties) {

    public static final String DEFAULT_BOOTSTRAP_SERVERS = "127.0.0.1:9092";
    private static final String PREFIX = "KAFKA_";
    private static final Set<String> NOT_CLIENT_SETTINGS = Set.of("KAFKA_HEAP_OPTS", "KAFKA_OPTS",
            "KAFKA_JVM_PERFORMANCE_OPTS", "KAFKA_LOG4J_OPTS", "KAFKA_JMX_OPTS", "KAFKA_DEBUG", "KAFKA_GC_LOG_OPTS",
            "KAFKA_PORT", "KAFKA_SERVICE_HOST");

    public KafkaSettings {
        clientProperties = Map.copyOf(clientProperties);
    }

    public static KafkaSettings fromEnv(Env env) {
        Map<String, String> properties = new TreeMap<>();
        properties.put("bootstrap.servers", DEFAULT_BOOTSTRAP_SERVERS);
        env.variables().forEach((name, value) -> {
            if (isClientSetting(name) && value != null && !value.isBlank()) {
                properties.put(propertyName(name), value.strip());
            }
        });
        return new KafkaSettings(properties);
    }

    static boolean isClientSetting(String variable) {
        return variable.startsWith(PREFIX) && variable.length() > PREFIX.length()
                && !NOT_CLIENT_SETTINGS.contains(variable)
                && !variable.startsWith("KAFKA_SERVICE_") && !variable.startsWith("KAFKA_PORT_");
    }

    /** {@code KAFKA_SASL_JAAS_CONFIG} -> {@code sasl.jaas.config}. */
    static String propertyName(String variable) {
        return variable.substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }

    public String bootstrapServers() {
        return clientProperties.get("bootstrap.servers");
    }

    /** A fresh copy of the client properties, to which a client adds its own. */
    public Properties toProperties() {
        Properties properties = new Properties();
        properties.putAll(clientProperties);
        return properties;
    }

    /** The properties with every value that may hold a secret replaced, safe to log. */
    public Map<String, String> redacted() {
        Map<String, String> safe = new TreeMap<>();
        clientProperties.forEach((key, value) -> safe.put(key,
                key.contains("password") || key.contains("jaas") || key.contains("secret") || key.contains("key")
                        && !key.endsWith(".type") ? "[redacted]" : value));
        return safe;
    }
}
