package io.clayenrichment.common.topics;

import io.clayenrichment.common.config.Env;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * One topic of the platform as {@link Topics} lists it before a deployment names it: its default
 * name, the setting that renames it, and how it is laid out. Every creator of the topic (the topics
 * Job, the services at start-up, {@code dlq replay}) makes its {@link NewTopic} here, so no two of
 * them create it differently; the chart's {@code _topics.tpl} says the same (a test holds them together).
 *
 * @param setting the environment variable that renames the topic ({@code TOPIC_*})
 * @param defaultName its name when the setting is not set
 * @param compacted latest value per key ({@code cleanup.policy=compact}); otherwise deleted by age
 * @param partitions how many partitions it is created with
 * @param retention how long its records are kept, or null for the broker's default
 * @param provisioned whether the topics Job (and the chart's KafkaTopics) create it; otherwise only
 *     the one command that uses it does
 * @param suffix null for a topic named by its own setting; for a topic named after another one (the
 *     outbound lanes), what follows that topic's name, which {@code setting} then gives
 */
public record TopicSpec(String setting, String defaultName, boolean compacted, Partitions partitions,
        Duration retention, boolean provisioned, String suffix) {

    public TopicSpec(String setting, String defaultName, boolean compacted, Partitions partitions,
            Duration retention, boolean provisioned) {
        this(setting, defaultName, compacted, partitions, retention, provisioned, null);
    }

    /** How many partitions a topic has. */
    public enum Partitions {
        /** {@code TOPIC_PARTITIONS}. */
        LAYOUT,
        /** One, whatever {@code TOPIC_PARTITIONS} says: its offsets give all its records one order. */
        ONE,
        /**
         * As many as the decider has tasks, the most of the topics merged into its by-tenant
         * repartition (requests, results, receipts): {@code TOPIC_PARTITIONS} when they are all
         * created with the layout, as the topics Job does; the service counts them when it creates it.
         */
        LIKE_DECIDER
    }

    /** A topic of the contract or of a service, created by the topics Job with the layout's partitions. */
    static TopicSpec of(String setting, String defaultName, boolean compacted) {
        return new TopicSpec(setting, defaultName, compacted, Partitions.LAYOUT, null, true);
    }

    /** A topic laid out like {@code base} and named after it: {@code base}'s name, then {@code suffix}. */
    static TopicSpec following(TopicSpec base, String suffix) {
        return new TopicSpec(base.setting, base.defaultName + suffix, base.compacted, base.partitions, base.retention,
                base.provisioned, suffix);
    }

    /** The name {@code env} gives the topic. */
    public String nameIn(Env env) {
        return suffix == null ? nameIn(env, defaultName)
                : nameIn(env, defaultName.substring(0, defaultName.length() - suffix.length())) + suffix;
    }

    /** The name {@code env} gives the topic, {@code fallback} when the setting is not set. */
    public String nameIn(Env env, String fallback) {
        return env.string(setting, fallback);
    }

    /**
     * The topic to create under {@code name}: its cleanup policy and retention, one partition where
     * it needs one order, and otherwise {@code layout}'s partitions; {@code layout}'s replicas.
     */
    public NewTopic newTopic(String name, TopicLayout layout) {
        Optional<Integer> count = partitions == Partitions.ONE ? Optional.of(1)
                : layout.partitions() < 0 ? Optional.empty() : Optional.of(layout.partitions());
        Optional<Short> replicas = layout.replicationFactor() < 0 ? Optional.empty()
                : Optional.of(layout.replicationFactor());
        return new NewTopic(name, count, replicas).configs(configs());
    }

    /** The topic configs this layout sets: the cleanup policy, and the retention when it has one. */
    public Map<String, String> configs() {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG,
                compacted ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE);
        if (retention != null) {
            configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()));
        }
        return Map.copyOf(configs);
    }
}
