package io.clayenrichment.local.security;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.schema.Priority;
import io.clayenrichment.common.topics.Topics;
import io.clayenrichment.enrichment.EnrichmentSettings;
import io.clayenrichment.enrichment.replay.ReplaySettings;
import java.util.HashMap;
import java.util.Map;

/**
 * Every Kafka resource name the platform uses, read through the services' own settings classes, so a
 * changed default (a topic, the application id, a group, a transactional id) changes the ACL table too.
 */
record PlatformNames(String requests, String results, String deadLetters, String outbound, String budgets,
        String urlSubmissions, String receipts, String budgetChanges, String workspaceGrants, String applicationId, String dispatcherGroup, String replayed,
        String replayTransactionalId, String outboundUrgent, String outboundBackfill) {

    /** The names of a deployment that sets no {@code TOPIC_*}, {@code APPLICATION_ID} or group variables. */
    static PlatformNames defaults() {
        return fromEnv(Map.of());
    }

    /** The outbound topics of the three lanes: urgent, normal (the outbound topic itself), backfill. */
    java.util.List<String> outboundLanes() {
        return java.util.List.of(outboundUrgent, outbound, outboundBackfill);
    }

    static PlatformNames fromEnv(Map<String, String> variables) {
        Map<String, String> withDispatcher = new HashMap<>(variables);
        // Only the dispatcher's own settings need a webhook URL; the names do not depend on it.
        withDispatcher.putIfAbsent("CLAY_WEBHOOK_URLS", "https://clay.invalid/webhook");
        Env env = new Env(withDispatcher);
        EnrichmentSettings enrichment = EnrichmentSettings.fromEnv(env);
        ReplaySettings replay = ReplaySettings.fromEnv(env);
        Topics topics = enrichment.topology().topics();
        return new PlatformNames(topics.requests().name(), topics.results().name(), topics.deadLetters().name(),
                topics.outbound().name(), enrichment.topology().budgetsTopic(),
                enrichment.dispatcher().orElseThrow().submissionsTopic(), enrichment.topology().receiptsTopic(),
                enrichment.topology().budgetChangesTopic(), enrichment.topology().workspace().grantsTopic(),
                enrichment.streams().applicationId(), enrichment.dispatcher().orElseThrow().groupId(),
                replay.replayedTopic(), replay.transactionalId(), topics.outboundLane(Priority.URGENT),
                topics.outboundLane(Priority.BACKFILL));
    }
}
