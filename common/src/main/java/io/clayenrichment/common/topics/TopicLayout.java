package io.clayenrichment.common.topics;

import io.clayenrichment.common.config.Env;

/**
 * Partitions and replication for topics the services create ({@code TOPIC_PARTITIONS},
 * {@code TOPIC_REPLICATION_FACTOR}; -1 leaves it to the broker's defaults). A topic's own rules
 * (compaction, one partition, retention) are its {@link TopicSpec}'s.
 */
public record TopicLayout(int partitions, short replicationFactor) {

    public static TopicLayout fromEnv(Env env) {
        return new TopicLayout(env.integer("TOPIC_PARTITIONS", 6), (short) env.integer("TOPIC_REPLICATION_FACTOR", -1));
    }

    /** This layout with {@code changed} partitions (a topic laid out like another whose count is known). */
    public TopicLayout withPartitions(int changed) {
        return new TopicLayout(changed, replicationFactor);
    }
}
