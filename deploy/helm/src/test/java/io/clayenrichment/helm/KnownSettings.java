package io.clayenrichment.helm;

import java.util.List;
import java.util.stream.Stream;

/** The environment settings of the two services (the contract's "Settings" plus the list). */
final class KnownSettings {

    private KnownSettings() {}

    /** Plain settings both services read; the chart always sets them. */
    static final List<String> BOTH = List.of("KAFKA_BOOTSTRAP_SERVERS", "HTTP_PORT", "LOG_LEVEL", "TOPIC_REQUESTS",
            "TOPIC_RESULTS", "TOPIC_DEAD_LETTERS", "TOPIC_OUTBOUND", "TOPIC_PARTITIONS", "TOPIC_REPLICATION_FACTOR");

    static final List<String> RECEIVER = List.of("MAX_BODY_BYTES", "PUBLISH_TIMEOUT", "SIGNATURE_TOLERANCE", "SHUTDOWN_GRACE");

    static final List<String> ENRICHMENT = List.of("APPLICATION_ID", "STATE_DIR", "PROCESSING_GUARANTEE",
            "NUM_STREAM_THREADS", "NUM_STANDBY_REPLICAS", "CREDIT_BUDGET_DAILY", "CREDIT_BUDGET_MONTHLY", "CREDIT_BUDGETS",
            "CREDIT_COST_PER_ENRICHMENT", "CREDIT_WARNING_THRESHOLD", "FRESHNESS_TTL", "RESULT_TIMEOUT", "TOPIC_BUDGETS",
            "CLAY_RATE_LIMIT_PER_SECOND", "CLAY_RATE_LIMIT_BURST", "CLAY_URL_SUBMISSION_LIMIT", "CLAY_REQUEST_TIMEOUT",
            "CLAY_MAX_ATTEMPTS", "DISPATCHER_GROUP_ID", "TOPIC_URL_SUBMISSIONS");

    /** Credentials: only ever from a Secret. */
    static final List<String> KAFKA_SECRETS = List.of("KAFKA_SASL_JAAS_CONFIG", "KAFKA_SSL_TRUSTSTORE_PASSWORD",
            "KAFKA_SSL_KEYSTORE_PASSWORD", "KAFKA_SSL_KEY_PASSWORD");
    static final List<String> RECEIVER_SECRETS = List.of("CALLBACK_SECRETS", "CALLBACK_SIGNING_SECRETS");
    static final List<String> ENRICHMENT_SECRETS = List.of("CLAY_WEBHOOK_URLS", "CLAY_WEBHOOK_AUTH_TOKEN", "OPERATOR_TOKEN");

    static List<String> plain(String component) {
        return Stream.concat(BOTH.stream(), (component.equals("receiver") ? RECEIVER : ENRICHMENT).stream()).toList();
    }

    static List<String> secrets(String component) {
        return Stream.concat(KAFKA_SECRETS.stream(),
                (component.equals("receiver") ? RECEIVER_SECRETS : ENRICHMENT_SECRETS).stream()).toList();
    }
}
