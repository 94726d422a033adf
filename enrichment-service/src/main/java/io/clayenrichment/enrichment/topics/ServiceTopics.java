package io.clayenrichment.enrichment.topics;

import io.clayenrichment.common.json.JsonSerde;
import io.clayenrichment.common.schema.DispatchReceipt;
import io.clayenrichment.common.topics.Topics;
import io.clayenrichment.common.topics.TypedTopic;
import io.clayenrichment.enrichment.budget.BudgetChange;
import io.clayenrichment.enrichment.budget.BudgetOverride;
import io.clayenrichment.enrichment.replay.ReplayMark;
import io.clayenrichment.enrichment.topology.LeaseGrant;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The enrichment service's own topics with the serdes of what is really on them: the typed half of
 * common's {@link Topics}, whose specs give their names, settings and layout (the topics Job in
 * common creates these topics, and common cannot see the types below). Every reader and writer of
 * one of these topics takes its serdes from here; writers that keep a byte producer (the
 * dispatcher, the replay) serialise with these serdes. Kafka Streams' own topics of the topology
 * are {@link io.clayenrichment.enrichment.topology.Repartition}.
 */
public final class ServiceTopics {

    /** The folded budget overrides, key tenant (the workspace's under {@code ""}), value the override's JSON. */
    public static final TypedTopic<String, BudgetOverride> BUDGETS = new TypedTopic<>(Topics.BUDGETS,
            Serdes.String(), new JsonSerde<>(BudgetOverride.class));
    /** Operators' partial budget changes as PUT received them, key tenant, value the change's JSON. */
    public static final TypedTopic<String, BudgetChange> BUDGET_CHANGES = new TypedTopic<>(Topics.BUDGET_CHANGES,
            Serdes.String(), new JsonSerde<>(BudgetChange.class));
    /** The dispatcher's receipt for each row, key tenant, value the receipt's JSON. */
    public static final TypedTopic<String, DispatchReceipt> RECEIPTS = new TypedTopic<>(Topics.RECEIPTS,
            Serdes.String(), new JsonSerde<>(DispatchReceipt.class));
    /** Submissions per Clay webhook URL, key {@code <url id>/<outbound partition>}, value the count in decimal. */
    public static final TypedTopic<String, String> URL_SUBMISSIONS = new TypedTopic<>(Topics.URL_SUBMISSIONS,
            Serdes.String(), Serdes.String());
    /** The workspace owner's lease grants, key the asking task's partition in decimal, value the grant's JSON. */
    public static final TypedTopic<String, LeaseGrant> WORKSPACE_GRANTS = new TypedTopic<>(Topics.WORKSPACE_GRANTS,
            Serdes.String(), new JsonSerde<>(LeaseGrant.class));
    /** {@code dlq replay}'s ledger, key {@code <partition>:<offset>} of the dead letter. */
    public static final TypedTopic<String, ReplayMark> REPLAYED = new TypedTopic<>(Topics.REPLAYED, Serdes.String(),
            new JsonSerde<>(ReplayMark.class));

    /** All of them: with the contract's four, every topic of {@link Topics#ALL}. */
    public static final List<TypedTopic<?, ?>> ALL = List.of(BUDGETS, BUDGET_CHANGES, RECEIPTS, URL_SUBMISSIONS,
            WORKSPACE_GRANTS, REPLAYED);

    private ServiceTopics() {}
}
