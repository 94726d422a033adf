package io.clayenrichment.enrichment;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.config.KafkaSettings;
import io.clayenrichment.common.config.SettingsException;
import io.clayenrichment.common.topics.TopicLayout;
import io.clayenrichment.common.topics.Topics;
import io.clayenrichment.enrichment.access.AccessSettings;
import io.clayenrichment.enrichment.budget.BudgetPolicy;
import io.clayenrichment.enrichment.budget.BudgetSettings;
import io.clayenrichment.enrichment.budget.WorkspaceBudget;
import io.clayenrichment.enrichment.dispatch.DispatcherSettings;
import io.clayenrichment.enrichment.refresh.RefreshSettings;
import io.clayenrichment.enrichment.sync.SyncSettings;
import io.clayenrichment.enrichment.tenants.TenantSettings;
import io.clayenrichment.enrichment.topology.TopologySettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Every setting of the enrichment service, read once from the environment at start-up. A malformed
 * value stops the service with one line naming the variable. The Clay dispatcher runs in the same
 * process unless {@code DISPATCHER_ENABLED=false} (then {@code CLAY_WEBHOOK_URLS} is not needed, and
 * rows wait on {@code clay.outbound} for a dispatcher elsewhere).
 */
public record EnrichmentSettings(
        int httpPort,
        String advertisedHost,
        KafkaSettings kafka,
        TopicLayout topicLayout,
        StreamsSettings streams,
        TopologySettings topology,
        AccessSettings access,
        Duration shutdownTimeout,
        Optional<DispatcherSettings> dispatcher,
        SyncSettings sync) {

    /** How the Kafka Streams application runs. */
    public record StreamsSettings(String applicationId, Path stateDir, String processingGuarantee, int threads,
            int standbyReplicas) {}

    public static EnrichmentSettings fromEnv(Env env) {
        Topics topics = Topics.fromEnv(env);
        Duration freshnessTtl = positive(env, "FRESHNESS_TTL", Duration.ofDays(30));
        Duration resultTimeout = positive(env, "RESULT_TIMEOUT", Duration.ofMinutes(30));
        BudgetPolicy budgets = BudgetSettings.fromEnv(env);
        TopologySettings topology = new TopologySettings(topics,
                Topics.BUDGETS.nameIn(env),
                Topics.RECEIPTS.nameIn(env),
                Topics.BUDGET_CHANGES.nameIn(env),
                budgets,
                freshnessTtl,
                resultTimeout,
                positive(env, "PUNCTUATE_INTERVAL", Duration.ofSeconds(1)),
                // The dispatcher may run elsewhere (DISPATCHER_ENABLED=false): refresh still needs the workspace rate.
                RefreshSettings.fromEnv(env, freshnessTtl, env.decimal("CLAY_RATE_LIMIT_PER_SECOND",
                        DispatcherSettings.DEFAULT_RATE_PER_SECOND)),
                positive(env, "LATE_RESULT_WINDOW", TopologySettings.DEFAULT_LATE_RESULT_WINDOW),
                env.positiveInteger("MAX_WAITERS_PER_CONTACT", TopologySettings.DEFAULT_MAX_WAITERS_PER_CONTACT),
                TenantSettings.fromEnv(env, budgets.perTenant().keySet()),
                WorkspaceBudget.fromEnv(env),
                internalRecordVersion(env));
        StreamsSettings streams = new StreamsSettings(
                env.string("APPLICATION_ID", "clay-enrichment"),
                Path.of(env.string("STATE_DIR", Path.of(System.getProperty("java.io.tmpdir"), "clay-enrichment-state")
                        .toString())),
                guarantee(env),
                env.positiveInteger("NUM_STREAM_THREADS", 1),
                nonNegative(env, "NUM_STANDBY_REPLICAS", 0));
        Optional<DispatcherSettings> dispatcher = env.bool("DISPATCHER_ENABLED", true)
                ? Optional.of(DispatcherSettings.fromEnv(env)) : Optional.empty();
        if (dispatcher.isPresent() && resultTimeout.compareTo(dispatcher.get().requestTimeout().multipliedBy(2)) < 0) {
            // The dispatcher starts no POST that could end after its attempt's deadline.
            throw new SettingsException("RESULT_TIMEOUT=" + resultTimeout + " is too short: it must be at least twice"
                    + " CLAY_REQUEST_TIMEOUT=" + dispatcher.get().requestTimeout() + ", or rows could not be sent");
        }
        int port = env.integer("HTTP_PORT", 8081);
        if (port < 0 || port > 65535) {
            throw new SettingsException("HTTP_PORT=" + port + " is invalid: expected a port from 0 to 65535");
        }
        return new EnrichmentSettings(port, env.string("ADVERTISED_HOST", env.string("POD_IP", localHostName())),
                KafkaSettings.fromEnv(env), TopicLayout.fromEnv(env), streams, topology,
                AccessSettings.fromEnv(env), positive(env, "SHUTDOWN_TIMEOUT", Duration.ofSeconds(30)),
                dispatcher, SyncSettings.fromEnv(env));
    }

    /** These settings with the number of partitions of the by-tenant topic, which only the cluster knows. */
    public EnrichmentSettings withRefreshPartitions(int partitions) {
        return new EnrichmentSettings(httpPort, advertisedHost, kafka, topicLayout, streams,
                topology.withRefresh(topology.refresh().withPartitions(partitions)), access, shutdownTimeout,
                dispatcher, sync);
    }

    /**
     * Where other instances reach this one for contact lookups (Streams' {@code application.server}
     * host) when neither ADVERTISED_HOST nor POD_IP (set by the Helm chart: a pod's name does not
     * resolve without a headless Service, its IP always routes) is given: the machine's host name, else
     * the loopback address when the name cannot be found.
     */
    static String localHostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "127.0.0.1";
        }
    }

    /** INTERNAL_RECORD_VERSION: kept at the previous build's version for the first restart of a rolling upgrade. */
    private static int internalRecordVersion(Env env) {
        int version = env.integer("INTERNAL_RECORD_VERSION", TopologySettings.NEWEST_RECORD_VERSION);
        if (version < TopologySettings.OLDEST_RECORD_VERSION || version > TopologySettings.NEWEST_RECORD_VERSION) {
            throw new SettingsException("INTERNAL_RECORD_VERSION=" + env.raw("INTERNAL_RECORD_VERSION")
                    + " is not a version this build writes: " + TopologySettings.OLDEST_RECORD_VERSION + " to "
                    + TopologySettings.NEWEST_RECORD_VERSION + " (docs/upgrading.md)");
        }
        return version;
    }

    private static String guarantee(Env env) {
        String value = env.string("PROCESSING_GUARANTEE", "exactly_once_v2").toLowerCase(Locale.ROOT);
        if (!value.equals("exactly_once_v2") && !value.equals("at_least_once")) {
            throw new SettingsException("PROCESSING_GUARANTEE=" + env.raw("PROCESSING_GUARANTEE")
                    + " is invalid: expected exactly_once_v2 or at_least_once");
        }
        return value;
    }

    private static Duration positive(Env env, String name, Duration defaultValue) {
        Duration value = env.duration(name, defaultValue);
        if (value.isZero()) {
            throw new SettingsException(name + "=" + env.raw(name) + " is invalid: expected a duration greater than 0");
        }
        return value;
    }

    private static int nonNegative(Env env, String name, int defaultValue) {
        int value = env.integer(name, defaultValue);
        if (value < 0) {
            throw new SettingsException(name + "=" + value + " is invalid: expected 0 or more");
        }
        return value;
    }
}
