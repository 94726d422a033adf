package io.clayenrichment.helm;

import java.util.List;
import java.util.stream.Stream;

/**
 * The environment settings of the two services (the contract's "Settings" plus every setting the
 * services' settings records read; {@code KnownSettingsTest} keeps this list complete).
 */
final class KnownSettings {

    private KnownSettings() {}

    /** Plain settings both services read; the chart always sets them. */
    static final List<String> BOTH = List.of("KAFKA_BOOTSTRAP_SERVERS", "HTTP_PORT", "LOG_LEVEL", "TOPIC_REQUESTS",
            "TOPIC_RESULTS", "TOPIC_DEAD_LETTERS", "TOPIC_OUTBOUND", "TOPIC_PARTITIONS", "TOPIC_REPLICATION_FACTOR");

    static final List<String> RECEIVER = List.of("MAX_BODY_BYTES", "PUBLISH_TIMEOUT", "SIGNATURE_TOLERANCE", "SHUTDOWN_GRACE",
            "DUPLICATE_CACHE_SIZE", "INTAKE_MAX_BATCH");

    static final List<String> ENRICHMENT = List.of("APPLICATION_ID", "STATE_DIR", "PROCESSING_GUARANTEE",
            "NUM_STREAM_THREADS", "NUM_STANDBY_REPLICAS", "CREDIT_BUDGET_DAILY", "CREDIT_BUDGET_MONTHLY", "CREDIT_BUDGETS",
            "CREDIT_COST_PER_ENRICHMENT", "CREDIT_WARNING_THRESHOLD", "CREDIT_RESERVATION", "FRESHNESS_TTL", "RESULT_TIMEOUT",
            "LATE_RESULT_WINDOW", "MAX_WAITERS_PER_CONTACT", "INTERNAL_RECORD_VERSION", "KNOWN_TENANTS", "UNKNOWN_TENANTS", "METRICS_MAX_TENANTS",
            "TOPIC_BUDGETS", "TOPIC_RECEIPTS", "TOPIC_BUDGET_CHANGES",
            "TOPIC_WORKSPACE_GRANTS", "WORKSPACE_BUDGET_DAILY", "WORKSPACE_BUDGET_MONTHLY",
            "PUNCTUATE_INTERVAL", "SHUTDOWN_TIMEOUT", "SYNC_WAIT_DEFAULT", "SYNC_WAIT_MAX", "SYNC_MAX_WAITERS",
            "REFRESH_AFTER", "REFRESH_RATE_SHARE", "TOPIC_REPLAYED", "REPLAY_TRANSACTIONAL_ID",
            "DISPATCHER_ENABLED", "DISPATCHER_GROUP_ID", "DISPATCHER_SHUTDOWN_GRACE", "TOPIC_URL_SUBMISSIONS",
            "CLAY_RATE_LIMIT_PER_SECOND", "CLAY_RATE_LIMIT_BURST", "CLAY_URL_SUBMISSION_LIMIT", "CLAY_PASSTHROUGH_TABLE", "CLAY_LANE_WEIGHT_URGENT",
            "CLAY_LANE_WEIGHT_NORMAL", "CLAY_LANE_WEIGHT_BACKFILL", "CLAY_WORKSPACE_TENANTS", "CLAY_WORKSPACES", "CLAY_REQUEST_TIMEOUT",
            "CLAY_MAX_ATTEMPTS", "CLAY_RETRY_INITIAL_BACKOFF", "CLAY_RETRY_MAX_BACKOFF", "CLAY_MAX_PAYLOAD_BYTES",
            "CLAY_URL_POOL_LOW_FRACTION", "CLAY_BREAKER_FAILURE_RATE", "CLAY_BREAKER_SLOW_CALL_RATE",
            "CLAY_BREAKER_SLOW_CALL_DURATION", "CLAY_BREAKER_WAIT_IN_OPEN", "CLAY_BREAKER_WINDOW_SIZE",
            "CLAY_BREAKER_MINIMUM_CALLS", "CLAY_BREAKER_HALF_OPEN_CALLS");

    /**
     * Plain settings the chart sets only when given, as pod env entries (not in the ConfigMap) so that
     * Kubernetes expands $(POD_NAME) in them; unset, the service falls back to POD_IP.
     */
    static final List<String> ENRICHMENT_WHEN_GIVEN = List.of("ADVERTISED_HOST");

    /** Set by the chart from the downward API in every pod. */
    static final List<String> POD_IDENTITY = List.of("POD_NAME", "POD_NAMESPACE", "POD_IP");

    /** Credentials: only ever from a Secret. */
    static final List<String> KAFKA_SECRETS = List.of("KAFKA_SASL_JAAS_CONFIG", "KAFKA_SSL_TRUSTSTORE_PASSWORD",
            "KAFKA_SSL_KEYSTORE_PASSWORD", "KAFKA_SSL_KEY_PASSWORD");
    /** One value (secrets.intakeTokens) for POST /v1/requests on the receiver and POST /v1/enrich on the enrichment service. */
    static final List<String> INTAKE_SECRETS = List.of("INTAKE_TOKENS");
    static final List<String> RECEIVER_SECRETS = List.of("CALLBACK_SECRETS", "CALLBACK_SIGNING_SECRETS");
    static final List<String> ENRICHMENT_SECRETS = List.of("CLAY_WEBHOOK_URLS", "CLAY_WEBHOOK_AUTH_TOKEN", "OPERATOR_TOKEN",
            "READ_TOKENS");

    static List<String> plain(String component) {
        return Stream.concat(BOTH.stream(), (isReceiver(component) ? RECEIVER : ENRICHMENT).stream()).toList();
    }

    static List<String> secrets(String component) {
        return Stream.of(KAFKA_SECRETS, INTAKE_SECRETS, isReceiver(component) ? RECEIVER_SECRETS : ENRICHMENT_SECRETS)
                .flatMap(List::stream).toList();
    }

    static List<String> allSecrets() {
        return Stream.of(KAFKA_SECRETS, INTAKE_SECRETS, RECEIVER_SECRETS, ENRICHMENT_SECRETS).flatMap(List::stream).toList();
    }

    /** Every variable the chart can give the component: plain, when given, pod identity and credentials. */
    static List<String> all(String component) {
        return Stream.of(plain(component), isReceiver(component) ? List.<String>of() : ENRICHMENT_WHEN_GIVEN,
                POD_IDENTITY, secrets(component)).flatMap(List::stream).toList();
    }

    private static boolean isReceiver(String component) {
        return component.equals("receiver");
    }
}
