package io.clayenrichment.common.topics;

import io.clayenrichment.common.config.Env;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Partitions and replication for topics the services create ({@code TOPIC_PARTITIONS},
 * {@code TOPIC_REPLICATION_FACTOR}; -1 leaves it to the broker's defaults).
 */
public record TopicLayout(int partitions, short replicationFactor) {

    public static TopicLayout fromEnv(Env env) {
        return new TopicLayout(env.integer("TOPIC_PARTITIONS", 6), (short) env.integer("TOPIC_REPLICATION_FACTOR", -1));
    }

    /** A compacted topic (latest value per key): budgets, URL submission counts. */
    public NewTopic compacted(String name) {
        return newTopic(name, Map.of(org.apache.kafka.common.config.TopicConfig.CLEANUP_POLICY_CONFIG,
                org.apache.kafka.common.config.TopicConfig.CLEANUP_POLICY_COMPACT));
    }

    /**
     * A topic of one partition, deleted after {@code retention}, whose offsets give every record one
     * total order (budget changes). Only its replication follows the layout.
     */
    public NewTopic ordered(String name, java.time.Duration retention) {
        return new NewTopic(name, Optional.of(1), replicationFactor < 0 ? Optional.empty()
                : Optional.of(replicationFactor)).configs(Map.of(
                        org.apache.kafka.common.config.TopicConfig.CLEANUP_POLICY_CONFIG,
                        org.apache.kafka.common.config.TopicConfig.CLEANUP_POLICY_DELETE,
                        org.apache.kafka.common.config.TopicConfig.RETENTION_MS_CONFIG,
                        Long.toString(retention.toMillis())));
    }

    public NewTopic newTopic(String name, Map<String, String> configs) {
        return new NewTopic(name, partitions < 0 ? Optional.empty() : Optional.of(partitions),
                replicationFactor < 0 ? Optional.empty() : Optional.of(replicationFactor)).configs(configs);
    }
}
