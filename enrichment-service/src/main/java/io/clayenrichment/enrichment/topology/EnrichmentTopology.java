package io.clayenrichment.enrichment.topology;

import io.clayenrichment.common.json.JsonSerde;
import io.clayenrichment.common.schema.Blank;
import io.clayenrichment.common.schema.DispatchReceipt;
import io.clayenrichment.common.schema.EnrichmentRequest;
import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.schema.ResultSource;
import io.clayenrichment.common.topics.Topic;
import io.clayenrichment.common.topics.Topics;
import io.clayenrichment.enrichment.budget.Backlog;
import io.clayenrichment.enrichment.budget.BudgetChange;
import io.clayenrichment.enrichment.budget.BudgetOverride;
import io.clayenrichment.enrichment.budget.TenantSpendSerde;
import io.clayenrichment.enrichment.topics.ServiceTopics;
import io.clayenrichment.enrichment.metrics.TopologyMetrics;
import io.clayenrichment.enrichment.budget.WorkspaceLedger;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.StreamPartitioner;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The enrichment topology, built from settings alone (no clients, no HTTP), so that
 * {@code TopologyTestDriver} runs exactly what the service runs.
 *
 * <pre>
 * enrichment.requests ─ parse (bad JSON → dlq.clay via the dead-letter handler)
 *                     ─ RequestIntake (no identity; unknown tenant under refuse → dlq.clay) ─┐
 * enriched.contacts ── source=clay results ──────────────────────────────────────────────────┤ merge, key = tenant
 * clay.receipts ────── what the dispatcher did with each row ────────────────────────────────┘
 *        └─> repartition "by-tenant" (the one hop) ─> TenantDecider [spend, attempts, waiters, held reservations,
 *                                                                   recent costs, freshness, refreshes, workspace
 *                                                                   lease and waiting, forecast; global budgets]
 *              ├─> clay.outbound      (rows to send, key = contact key; to the lane's topic:
 *              │                       clay.outbound.urgent, clay.outbound, clay.outbound.backfill with refreshes)
 *              ├─> enriched.contacts  (cache answers, source=cache)
 *              ├─> dlq.clay           (budget_exhausted, breaker_open, result_timeout, too_many_duplicates,
 *              │                       clay_rejected, retries_exhausted: every outcome but a result)
 *              └─> repartition "verified-by-contact" ─> LatestContactResult ─> store "contacts"
 *                      (results that closed an attempt, with its tenant and contact key; GET /v1/contacts/{key})
 *
 * enrichment.budget-changes ─> BudgetChangeFold [budget-fold; global budgets] ─> enrichment.budgets
 *        (PUT /v1/budgets' partial changes, one partition, folded in offset order; the global store reads the result)
 * </pre>
 */
public final class EnrichmentTopology {

    private EnrichmentTopology() {}

    public static StreamsBuilder build(StreamsBuilder builder, TopologySettings settings, TopologyMetrics metrics) {
        Topics topics = settings.topics();
        addBudgetsStore(builder, ServiceTopics.BUDGETS.named(settings.budgetsTopic()));
        addDecisionStores(builder, version(settings));
        addContactsStore(builder);

        KStream<String, Routed> intake = builder
                .stream(topics.requests().name(), Consumed.with(Serdes.ByteArray(), Parsed.serde(EnrichmentRequest.class))
                        .withName("requests"))
                .process(() -> new RequestIntake(metrics, settings.tenants()), Named.as("request-intake"));
        Map<String, KStream<String, Routed>> intakeRoutes = intake.split(Named.as("intake-"))
                .branch((tenant, routed) -> routed instanceof Routed.DeadLettered, Branched.as("invalid"))
                .defaultBranch(Branched.as("valid"));
        toDeadLetters(intakeRoutes.get("intake-invalid"), topics, "invalid-requests");

        KStream<String, TenantEvent> requests = intakeRoutes.get("intake-valid")
                .mapValues(routed -> ((Routed.Event) routed).event(), Named.as("request-events"));
        KStream<String, TenantEvent> results = builder
                .stream(topics.results().name(), Consumed.with(topics.results().keySerde(), topics.results().valueSerde())
                        .withName("results"))
                .filter((key, result) -> result != null && result.source() != ResultSource.CACHE
                        && result.correlationId() != null, Named.as("clay-results"))
                .map((key, result) -> KeyValue.pair(tenantOf(result.tenant()), TenantEvent.of(result)),
                        Named.as("result-events"));
        Topic<String, DispatchReceipt> receiptsTopic = ServiceTopics.RECEIPTS.named(settings.receiptsTopic());
        KStream<String, TenantEvent> receipts = builder
                .stream(receiptsTopic.name(), Consumed.with(receiptsTopic.keySerde(), receiptsTopic.valueSerde())
                        .withName("receipts"))
                .filter((key, receipt) -> receipt != null && receipt.correlationId() != null
                        && receipt.stage() != null, Named.as("readable-receipts"))
                .map((key, receipt) -> KeyValue.pair(tenantOf(receipt.tenant()), TenantEvent.of(receipt)),
                        Named.as("receipt-events"));

        // The workspace owner's grants come back to the task that asked, on its partition of the grants topic.
        Topic<String, LeaseGrant> grantsTopic = ServiceTopics.WORKSPACE_GRANTS
                .named(settings.workspace().grantsTopic());
        KStream<String, TenantEvent> grants = builder
                .stream(grantsTopic.name(), Consumed.with(grantsTopic.keySerde(), grantsTopic.valueSerde())
                        .withName("workspace-grants"))
                .filter((key, grant) -> grant != null && grant.dayId() != null && grant.monthId() != null,
                        Named.as("readable-grants"))
                .mapValues(grant -> (TenantEvent) new TenantEvent.WorkspaceGrant(grant), Named.as("grant-events"));

        KStream<String, Routed> decided = requests.merge(results, Named.as("merge-results"))
                .merge(receipts, Named.as("merge-receipts"))
                .repartition(Repartition.BY_TENANT.repartitioned(version(settings)))
                .merge(grants, Named.as("merge-grants"))
                .process(() -> new TenantDecider(settings, metrics), Named.as("decide"), StoreNames.SPEND,
                        StoreNames.ATTEMPTS, StoreNames.WAITERS, StoreNames.HELD, StoreNames.COSTS,
                        StoreNames.FRESHNESS, StoreNames.REFRESHES, StoreNames.LEASE, StoreNames.LEASE_WAITING,
                        StoreNames.FORECAST);

        Map<String, KStream<String, Routed>> routes = decided.split(Named.as("route-"))
                .branch((tenant, routed) -> routed instanceof Routed.ToClay, Branched.as("clay"))
                .branch((tenant, routed) -> routed instanceof Routed.CacheAnswer, Branched.as("cache"))
                .branch((tenant, routed) -> routed instanceof Routed.Verified, Branched.as("verified"))
                .branch((tenant, routed) -> routed instanceof Routed.ToWorkspace, Branched.as("workspace"))
                .defaultBranch(Branched.as("dlq"));
        routes.get("route-clay").mapValues(routed -> (Routed.ToClay) routed, Named.as("outbound-rows"))
                .to(new OutboundLanes(topics), Produced.with(topics.outbound().keySerde(), OutboundLanes.rowBytes())
                        .withName("outbound"));
        routes.get("route-cache").mapValues(routed -> ((Routed.CacheAnswer) routed).result(), Named.as("cache-answers"))
                .to(topics.results().name(), Produced.with(topics.results().keySerde(), topics.results().valueSerde())
                        .withName("cache-results"));
        // The decider's records are keyed by contact key already: the hop spreads them by it.
        routes.get("route-verified")
                .mapValues(routed -> ((Routed.Verified) routed).result(), Named.as("verified-results"))
                .repartition(Repartition.VERIFIED_BY_CONTACT.repartitioned(version(settings)))
                .process(LatestContactResult::new, Named.as("latest-contact-result"), StoreNames.CONTACTS);
        toDeadLetters(routes.get("route-dlq"), topics, "decided");
        // Last, so that the sub-topologies above keep their numbers (and their tasks their state folders).
        foldBudgetChanges(builder, settings);
        leaseWorkspaceBudget(routes.get("route-workspace"), grantsTopic, settings, metrics);
        return builder;
    }

    /**
     * The workspace budget's one owner: every task's asks and returns meet in the single partition of
     * "workspace-leases", so one task decides every lease; its grants go back by the asker's partition.
     */
    private static void leaseWorkspaceBudget(KStream<String, Routed> updates, Topic<String, LeaseGrant> grants,
            TopologySettings settings, TopologyMetrics metrics) {
        updates.mapValues(routed -> ((Routed.ToWorkspace) routed).update(), Named.as("lease-updates"))
                .repartition(Repartition.WORKSPACE_LEASES.repartitioned(version(settings)))
                .process(() -> new WorkspaceOwner(settings, metrics), Named.as("workspace-owner"), StoreNames.WORKSPACE)
                .to(grants.name(), Produced.with(grants.keySerde(), grants.valueSerde())
                        .withStreamPartitioner(new ToHolder()).withName("grants"));
    }

    /** Sends a grant to the partition of the task that asked for it. */
    private static final class ToHolder implements StreamPartitioner<String, LeaseGrant> {
        @Override
        public Optional<Set<Integer>> partitions(String topic, String key, LeaseGrant grant, int numPartitions) {
            return Optional.of(Set.of(Math.floorMod(grant.holder(), numPartitions)));
        }
    }

    /**
     * Its own sub-topology: the budget changes topic (one partition, one task) folded in offset order
     * into the compacted budgets topic, which the global budgets store reads.
     */
    private static void foldBudgetChanges(StreamsBuilder builder, TopologySettings settings) {
        Topic<String, BudgetChange> changes = ServiceTopics.BUDGET_CHANGES.named(settings.budgetChangesTopic());
        Topic<String, BudgetOverride> budgets = ServiceTopics.BUDGETS.named(settings.budgetsTopic());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.BUDGET_FOLD),
                Serdes.String(), budgets.valueSerde()));
        builder.stream(changes.name(), Consumed.with(changes.keySerde(), changes.valueSerde())
                        .withName("budget-changes"))
                .process(BudgetChangeFold::new, Named.as("fold-budget-changes"), StoreNames.BUDGET_FOLD)
                .to(budgets.name(), Produced.with(budgets.keySerde(), budgets.valueSerde()).withName("folded-budgets"));
    }

    /**
     * The Kafka Streams settings the topology relies on, for the service and for tests alike: the
     * dead-letter handlers for unreadable records and for records whose processing throws, and no idling on the merged inputs. Requests, results
     * and dispatcher dead letters are independent streams; every decision reads its state, none
     * depends on their relative order, so a task processes whatever has arrived instead of waiting to
     * interleave them by timestamp (measured about 10 % more throughput).
     */
    public static Properties streamsSettings(Topics topics, TopologyMetrics metrics) {
        Properties properties = InvalidRecordHandler.settings(topics, metrics);
        properties.putAll(FailedRecordHandler.settings());
        properties.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        return properties;
    }

    private static void toDeadLetters(KStream<String, Routed> deadLetters, Topics topics, String name) {
        deadLetters.mapValues(routed -> ((Routed.DeadLettered) routed).letter(), Named.as(name + "-letters"))
                .map((tenant, letter) -> KeyValue.pair(letter.key(), letter.value()), Named.as(name + "-original-bytes"))
                .to(topics.deadLetters().name(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withName(name + "-dead-letters"));
    }

    /** The tenant a result or receipt names, routed like a request of no tenant when it names none. */
    private static String tenantOf(String named) {
        String tenant = Blank.orNull(named);
        return tenant == null ? EnrichmentRequest.DEFAULT_TENANT : tenant;
    }

    private static byte version(TopologySettings settings) {
        return BinaryCodec.writable(settings.internalRecordVersion());
    }

    private static void addDecisionStores(StreamsBuilder builder, byte version) {
        // Spend (one entry per tenant), attempts and their waiting duplicates (those in flight) stay small: they live in memory and are
        // restored from their changelogs. The freshness cache grows with contacts and lives in RocksDB.
        // Caching coalesces repeated writes of a key (a tenant's spend) into one changelog record per commit.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.SPEND),
                Serdes.String(), new TenantSpendSerde()).withCachingEnabled());
        // Attempts are not cached: every one has its own contact key, so a cache would coalesce nothing
        // and only add a copy, an eviction and a later flush per request.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.ATTEMPTS),
                Serdes.String(), BinaryCodec.attempts(version)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.WAITERS),
                Serdes.String(), BinaryCodec.waiters(version)).withCachingEnabled());
        // Held reservations wait up to LATE_RESULT_WINDOW (days) after their attempt ended: on disk.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.HELD),
                Serdes.String(), BinaryCodec.heldReservations(version)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.COSTS),
                Serdes.String(), BinaryCodec.recentCosts(version)).withCachingEnabled());
        // Added whether refresh is on or not, so turning it on or off never changes the topology's stores.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.REFRESHES),
                Serdes.String(), Serdes.Long()).withCachingEnabled());
        // The workspace lease is written on every reservation while the budget is on: cached, one record per commit.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.LEASE),
                Serdes.String(), new JsonSerde<>(WorkspaceLease.class)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.LEASE_WAITING),
                Serdes.String(), BinaryCodec.tenantEvents(version)));
        // The spend forecast's counts: one small entry per tenant, recomputed from the stores above after every
        // restore (waiting requests at once, due refreshes after one pass over the cache), so no changelog.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.FORECAST),
                Serdes.String(), new JsonSerde<>(Backlog.class)).withLoggingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.WORKSPACE),
                Serdes.String(), new JsonSerde<>(WorkspaceLedger.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.FRESHNESS),
                Serdes.String(), new JsonSerde<>(EnrichmentResult.class)).withCachingEnabled());
    }

    private static void addContactsStore(StreamsBuilder builder) {
        // One entry per enriched contact, so it grows like the freshness cache: RocksDB, restored from its changelog.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.CONTACTS),
                Serdes.String(), new JsonSerde<>(EnrichmentResult.class)).withCachingEnabled());
    }

    private static void addBudgetsStore(StreamsBuilder builder, Topic<String, BudgetOverride> budgets) {
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.BUDGETS), budgets.keySerde(),
                        budgets.valueSerde()).withLoggingDisabled(),
                budgets.name(), Consumed.with(budgets.keySerde(), budgets.valueSerde()).withName("budgets"),
                BudgetOverrideLoader::new);
    }
}
