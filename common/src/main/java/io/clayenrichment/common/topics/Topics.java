package io.clayenrichment.common.topics;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.json.JsonSerde;
import io.clayenrichment.common.schema.EnrichmentRequest;
import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.schema.OutboundRow;
import io.clayenrichment.common.schema.Priority;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The platform's topics: the one place that names them. Every producer, consumer and creator takes a
 * topic from here, never from a string literal (a test scans every module's main sources for one),
 * so a renamed topic is renamed everywhere.
 *
 * <p>Two halves. The static {@link TopicSpec}s list every topic any part of the platform reads or
 * writes, with its default name, the {@code TOPIC_*} setting that renames it and its layout: the
 * topics Job ({@link TopicProvisionerMain}) creates them from this list. An instance holds the four
 * topics of the contract, named, with the serdes of what is on them. The enrichment service's own
 * topics carry its own types (budget changes, lease grants), which this module cannot see: their
 * serdes are in that service's {@code ServiceTopics}, built on the specs here.
 *
 * <p>The contract's serdes are what a consumer of each topic uses. Two producers write bytes they
 * serialised themselves, the very bytes these serdes write: the receiver publishes a request as the
 * JSON it validated, and the topology writes each outbound row from a template filled in place
 * (faster than Jackson, and held to Jackson's output of the {@link OutboundRow} by a test). Their
 * wire bytes are the contract's; the serdes here read them.
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
    /** {@code dlq replay}'s ledger is named after the dead-letter topic, with this suffix. */
    public static final String REPLAYED_SUFFIX = ".replayed";
    /** Grants are read within moments of being written; a day covers any outage of the decider. */
    public static final Duration WORKSPACE_GRANTS_RETENTION = Duration.ofDays(1);
    /** How long budget changes are kept: long enough to read back what was changed, and when. */
    public static final Duration BUDGET_CHANGES_RETENTION = Duration.ofDays(7);

    /** Input: contact events to enrich, from any producer (key: contact key or none). */
    public static final TopicSpec REQUESTS = TopicSpec.of("TOPIC_REQUESTS", DEFAULT_REQUESTS, false);
    /** Output: enrichment results, compacted (key: contact key, else correlation id). */
    public static final TopicSpec RESULTS = TopicSpec.of("TOPIC_RESULTS", DEFAULT_RESULTS, true);
    /** Dead letters: the original bytes, the reason in headers. */
    public static final TopicSpec DEAD_LETTERS = TopicSpec.of("TOPIC_DEAD_LETTERS", DEFAULT_DEAD_LETTERS, false);
    /** Internal: rows on their way to Clay, topology to dispatcher (key: contact key). */
    public static final TopicSpec OUTBOUND = TopicSpec.of("TOPIC_OUTBOUND", DEFAULT_OUTBOUND, false);
    /**
     * Internal: the urgent lane's rows, which the dispatcher sends before the normal lane's backlog; named
     * after the outbound topic ({@code <TOPIC_OUTBOUND>.urgent}).
     */
    public static final TopicSpec OUTBOUND_URGENT = TopicSpec.following(OUTBOUND, ".urgent");
    /** Internal: the backfill lane's rows and scheduled refreshes ({@code <TOPIC_OUTBOUND>.backfill}). */
    public static final TopicSpec OUTBOUND_BACKFILL = TopicSpec.following(OUTBOUND, ".backfill");
    /** The folded budget overrides per tenant, compacted; the topology's global budgets store reads it. */
    public static final TopicSpec BUDGETS = TopicSpec.of("TOPIC_BUDGETS", DEFAULT_BUDGETS, true);
    /** The dispatcher's submission counts per Clay webhook URL, compacted. */
    public static final TopicSpec URL_SUBMISSIONS = TopicSpec.of("TOPIC_URL_SUBMISSIONS", DEFAULT_URL_SUBMISSIONS,
            true);
    /** The dispatcher's receipts for rows, for the topology (key: tenant). */
    public static final TopicSpec RECEIPTS = TopicSpec.of("TOPIC_RECEIPTS", DEFAULT_RECEIPTS, false);
    /** Operators' partial budget changes: one partition, so that they have one order; kept a week. */
    public static final TopicSpec BUDGET_CHANGES = new TopicSpec("TOPIC_BUDGET_CHANGES", DEFAULT_BUDGET_CHANGES,
            false, TopicSpec.Partitions.ONE, BUDGET_CHANGES_RETENTION, true);
    /** The workspace owner's lease grants, back to the asking decider task's partition; kept a day. */
    public static final TopicSpec WORKSPACE_GRANTS = new TopicSpec("TOPIC_WORKSPACE_GRANTS",
            DEFAULT_WORKSPACE_GRANTS, false, TopicSpec.Partitions.LIKE_DECIDER, WORKSPACE_GRANTS_RETENTION, true);
    /**
     * {@code dlq replay}'s ledger of replayed dead letters, compacted; only the command creates it. Its
     * default follows the dead-letter topic's name ({@code <TOPIC_DEAD_LETTERS>.replayed}): this is the
     * default of the default dead-letter topic.
     */
    public static final TopicSpec REPLAYED = new TopicSpec("TOPIC_REPLAYED", DEFAULT_DEAD_LETTERS + REPLAYED_SUFFIX,
            true, TopicSpec.Partitions.LAYOUT, null, false);

    /** Every topic the platform reads or writes, but Kafka Streams' own (repartitions and changelogs). */
    public static final List<TopicSpec> ALL = List.of(REQUESTS, RESULTS, DEAD_LETTERS, OUTBOUND, OUTBOUND_URGENT,
            OUTBOUND_BACKFILL, BUDGETS, URL_SUBMISSIONS, RECEIPTS, BUDGET_CHANGES, WORKSPACE_GRANTS, REPLAYED);

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
        return named(REQUESTS.nameIn(env), RESULTS.nameIn(env), DEAD_LETTERS.nameIn(env), OUTBOUND.nameIn(env));
    }

    /** The topic of a lane's rows: the outbound topic itself for {@code normal}, named after it for the others. */
    public String outboundLane(Priority lane) {
        return switch (lane) {
            case NORMAL -> outbound.name();
            case URGENT -> outbound.name() + OUTBOUND_URGENT.suffix();
            case BACKFILL -> outbound.name() + OUTBOUND_BACKFILL.suffix();
        };
    }

    /** Every lane's topic, urgent first. */
    public List<String> outboundLanes() {
        return Priority.ALL.stream().map(this::outboundLane).toList();
    }

    public List<Topic<?, ?>> all() {
        return List.of(requests, results, deadLetters, outbound);
    }
}
