package io.clayenrichment.common.topics;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.json.JsonSerde;
import io.clayenrichment.common.schema.EnrichmentRequest;
import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.schema.OutboundRow;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The platform's topics. Every producer and consumer takes its topic from here, never from a string
 * literal, so a renamed topic is renamed everywhere. Names default to the contract's and can be
 * changed with {@code TOPIC_REQUESTS}, {@code TOPIC_RESULTS}, {@code TOPIC_DEAD_LETTERS} and
 * {@code TOPIC_OUTBOUND}.
 */
public record Topics(
        Topic<String, EnrichmentRequest> requests,
        Topic<String, EnrichmentResult> results,
        Topic<byte[], byte[]> deadLetters,
        Topic<String, OutboundRow> outbound) {

    public static final String DEFAULT_REQUESTS = "enrichment.requests";
    public static final String DEFAULT_RESULTS = "enriched.contacts";
    public static final String DEFAULT_DEAD_LETTERS = "dlq.clay";
    public static final String DEFAULT_OUTBOUND = "clay.outbound";
    /** The enrichment service's own compacted topics: budget changes, and Clay URL submission counts. */
    public static final String DEFAULT_BUDGETS = "enrichment.budgets";
    public static final String DEFAULT_URL_SUBMISSIONS = "clay.url.submissions";
    /** What the dispatcher did with each row (internal, dispatcher to topology; key = tenant). */
    public static final String DEFAULT_RECEIPTS = "clay.receipts";
    /**
     * Operators' partial budget changes as they were sent (key = tenant), in one partition so that all
     * changes have one order; the topology folds them into {@link #DEFAULT_BUDGETS}.
     */
    public static final String DEFAULT_BUDGET_CHANGES = "enrichment.budget-changes";
    /** The workspace budget owner's lease grants, one partition per decider task. */
    public static final String DEFAULT_WORKSPACE_GRANTS = "enrichment.workspace-grants";
    /** Grants are read within moments of being written; a day covers any outage of the decider. */
    public static final java.time.Duration WORKSPACE_GRANTS_RETENTION = java.time.Duration.ofDays(1);
    /** How long budget changes are kept: long enough to read back what was changed, and when. */
    public static final java.time.Duration BUDGET_CHANGES_RETENTION = java.time.Duration.ofDays(7);

    public static Topics named(String requests, String results, String deadLetters, String outbound) {
        return new Topics(
                new Topic<>(requests, Serdes.String(), new JsonSerde<>(EnrichmentRequest.class)),
                new Topic<>(results, Serdes.String(), new JsonSerde<>(EnrichmentResult.class)),
                new Topic<>(deadLetters, Serdes.ByteArray(), Serdes.ByteArray()),
                new Topic<>(outbound, Serdes.String(), new JsonSerde<>(OutboundRow.class)));
    }

    public static Topics defaults() {
        return named(DEFAULT_REQUESTS, DEFAULT_RESULTS, DEFAULT_DEAD_LETTERS, DEFAULT_OUTBOUND);
    }

    public static Topics fromEnv(Env env) {
        return named(
                env.string("TOPIC_REQUESTS", DEFAULT_REQUESTS),
                env.string("TOPIC_RESULTS", DEFAULT_RESULTS),
                env.string("TOPIC_DEAD_LETTERS", DEFAULT_DEAD_LETTERS),
                env.string("TOPIC_OUTBOUND", DEFAULT_OUTBOUND));
    }

    public List<Topic<?, ?>> all() {
        return List.of(requests, results, deadLetters, outbound);
    }
}
