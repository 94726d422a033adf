package io.clayenrichment.enrichment.replay;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.config.KafkaSettings;
import io.clayenrichment.common.topics.TopicLayout;
import io.clayenrichment.common.topics.Topics;

/**
 * Settings of {@code dlq replay}, from the same environment as the service.
 *
 * @param replayedTopic compacted topic remembering which dead letters were replayed ({@code TOPIC_REPLAYED})
 * @param transactionalId fixed per dead-letter topic so a new run fences a crashed one ({@code REPLAY_TRANSACTIONAL_ID})
 */
public record ReplaySettings(KafkaSettings kafka, Topics topics, TopicLayout layout, String replayedTopic,
        String transactionalId) {

    public static ReplaySettings fromEnv(Env env) {
        Topics topics = Topics.fromEnv(env);
        String deadLetters = topics.deadLetters().name();
        return new ReplaySettings(KafkaSettings.fromEnv(env), topics, TopicLayout.fromEnv(env),
                Topics.REPLAYED.nameIn(env, deadLetters + Topics.REPLAYED_SUFFIX),
                env.string("REPLAY_TRANSACTIONAL_ID", "dlq-replay-" + deadLetters));
    }
}
