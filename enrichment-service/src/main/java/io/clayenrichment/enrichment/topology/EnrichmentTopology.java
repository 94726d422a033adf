package io.clayenrichment.enrichment.topology;

import io.clayenrichment.common.json.JsonSerde;
import io.clayenrichment.common.schema.EnrichmentRequest;
import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.schema.ResultSource;
import io.clayenrichment.common.topics.Topics;
import io.clayenrichment.enrichment.budget.BudgetOverride;
import io.clayenrichment.enrichment.budget.TenantSpendSerde;
import io.clayenrichment.enrichment.metrics.TopologyMetrics;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The enrichment topology, built from settings alone (no clients, no HTTP), so that
 * {@code TopologyTestDriver} runs exactly what the service runs.
 *
 * <pre>
 * enrichment.requests ─ parse (bad JSON → dlq.clay via the dead-letter handler)
 *                     ─ RequestIntake (no identity → dlq.clay) ─┐
 * enriched.contacts ─┬ source=clay results ─────────────────────┤ merge, key = tenant
 *                    └ LatestContactResult ─> store "contacts" (key = contact key; GET /v1/contacts/{key})
 * dlq.clay ─ dispatcher dead letters (dlq.source.topic=outbound)┘
 *        └─> repartition "by-tenant" (the one hop) ─> TenantDecider [spend, attempts, waiters, freshness, refreshes;
 *                                                                   global budgets]
 *              ├─> clay.outbound      (rows to send, key = contact key; scheduled refreshes too)
 *              ├─> enriched.contacts  (cache answers, source=cache)
 *              └─> dlq.clay           (budget_exhausted, breaker_open, result_timeout, failed duplicates)
 * </pre>
 */
public final class EnrichmentTopology {

    public static final String REPARTITION_NAME = "by-tenant";

    private EnrichmentTopology() {}

    public static StreamsBuilder build(StreamsBuilder builder, TopologySettings settings, TopologyMetrics metrics) {
        Topics topics = settings.topics();
        addBudgetsStore(builder, settings.budgetsTopic());
        addDecisionStores(builder);
        addContactsStore(builder);

        KStream<String, Routed> intake = builder
                .stream(topics.requests().name(), Consumed.with(Serdes.ByteArray(), Parsed.serde(EnrichmentRequest.class))
                        .withName("requests"))
                .process(() -> new RequestIntake(metrics), Named.as("request-intake"));
        Map<String, KStream<String, Routed>> intakeRoutes = intake.split(Named.as("intake-"))
                .branch((tenant, routed) -> routed.deadLetter() != null, Branched.as("invalid"))
                .defaultBranch(Branched.as("valid"));
        toDeadLetters(intakeRoutes.get("intake-invalid"), topics, "invalid-requests");

        KStream<String, TenantEvent> requests = intakeRoutes.get("intake-valid").mapValues(Routed::event,
                Named.as("request-events"));
        KStream<String, EnrichmentResult> allResults = builder
                .stream(topics.results().name(), Consumed.with(topics.results().keySerde(), topics.results().valueSerde())
                        .withName("results"));
        // Results are keyed by contact key already: the lookup store sits on the source partitions, no hop.
        allResults.process(LatestContactResult::new, Named.as("latest-contact-result"), StoreNames.CONTACTS);
        KStream<String, TenantEvent> results = allResults
                .filter((key, result) -> result != null && result.source() != ResultSource.CACHE
                        && result.correlationId() != null, Named.as("clay-results"))
                .map((key, result) -> KeyValue.pair(tenantOf(result), TenantEvent.of(result)),
                        Named.as("result-events"));
        KStream<String, TenantEvent> failures = builder
                .stream(topics.deadLetters().name(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withName("dead-letters"))
                .process(() -> new DispatchFailureIntake(topics.outbound().name()), Named.as("dispatch-failures"));

        KStream<String, Routed> decided = requests.merge(results, Named.as("merge-results"))
                .merge(failures, Named.as("merge-failures"))
                .repartition(Repartitioned.with(Serdes.String(), BinaryCodec.tenantEvents())
                        .withName(REPARTITION_NAME))
                .process(() -> new TenantDecider(settings, metrics), Named.as("decide"), StoreNames.SPEND,
                        StoreNames.ATTEMPTS, StoreNames.WAITERS, StoreNames.FRESHNESS, StoreNames.REFRESHES);

        Map<String, KStream<String, Routed>> routes = decided.split(Named.as("route-"))
                .branch((tenant, routed) -> routed.outbound() != null, Branched.as("clay"))
                .branch((tenant, routed) -> routed.result() != null, Branched.as("cache"))
                .defaultBranch(Branched.as("dlq"));
        routes.get("route-clay").mapValues(Routed::outbound, Named.as("outbound-rows"))
                .to(topics.outbound().name(), Produced.with(topics.outbound().keySerde(), Serdes.ByteArray())
                        .withName("outbound"));
        routes.get("route-cache").mapValues(Routed::result, Named.as("cache-answers"))
                .to(topics.results().name(), Produced.with(topics.results().keySerde(), topics.results().valueSerde())
                        .withName("cache-results"));
        toDeadLetters(routes.get("route-dlq"), topics, "decided");
        return builder;
    }

    /**
     * The Kafka Streams settings the topology relies on, for the service and for tests alike: the
     * dead-letter handler for unreadable records, and no idling on the merged inputs. Requests, results
     * and dispatcher dead letters are independent streams; every decision reads its state, none
     * depends on their relative order, so a task processes whatever has arrived instead of waiting to
     * interleave them by timestamp (measured about 10 % more throughput).
     */
    public static Properties streamsSettings(Topics topics, TopologyMetrics metrics) {
        Properties properties = InvalidRecordHandler.settings(topics, metrics);
        properties.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        return properties;
    }

    private static void toDeadLetters(KStream<String, Routed> deadLetters, Topics topics, String name) {
        deadLetters.map((tenant, routed) -> KeyValue.pair(routed.deadLetter().key(), routed.deadLetter().value()),
                        Named.as(name + "-original-bytes"))
                .to(topics.deadLetters().name(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withName(name + "-dead-letters"));
    }

    private static String tenantOf(EnrichmentResult result) {
        String tenant = io.clayenrichment.common.schema.Blank.orNull(result.tenant());
        return tenant == null ? EnrichmentRequest.DEFAULT_TENANT : tenant;
    }

    private static void addDecisionStores(StreamsBuilder builder) {
        // Spend (one entry per tenant), attempts and their waiting duplicates (those in flight) stay small: they live in memory and are
        // restored from their changelogs. The freshness cache grows with contacts and lives in RocksDB.
        // Caching coalesces repeated writes of a key (a tenant's spend) into one changelog record per commit.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.SPEND),
                Serdes.String(), new TenantSpendSerde()).withCachingEnabled());
        // Attempts are not cached: every one has its own contact key, so a cache would coalesce nothing
        // and only add a copy, an eviction and a later flush per request.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.ATTEMPTS),
                Serdes.String(), BinaryCodec.attempts()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.WAITERS),
                Serdes.String(), BinaryCodec.requests()).withCachingEnabled());
        // Added whether refresh is on or not, so turning it on or off never changes the topology's stores.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.REFRESHES),
                Serdes.String(), Serdes.Long()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.FRESHNESS),
                Serdes.String(), new JsonSerde<>(EnrichmentResult.class)).withCachingEnabled());
    }

    private static void addContactsStore(StreamsBuilder builder) {
        // One entry per enriched contact, so it grows like the freshness cache: RocksDB, restored from its changelog.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.CONTACTS),
                Serdes.String(), new JsonSerde<>(EnrichmentResult.class)).withCachingEnabled());
    }

    private static void addBudgetsStore(StreamsBuilder builder, String budgetsTopic) {
        Serde<BudgetOverride> serde = new JsonSerde<>(BudgetOverride.class);
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.BUDGETS), Serdes.String(), serde)
                        .withLoggingDisabled(),
                budgetsTopic, Consumed.with(Serdes.String(), serde).withName("budgets"), BudgetOverrideLoader::new);
    }
}
