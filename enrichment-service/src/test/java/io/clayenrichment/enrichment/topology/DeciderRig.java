package io.clayenrichment.enrichment.topology;

import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.json.JsonSerde;
import io.clayenrichment.common.schema.DispatchReceipt;
import io.clayenrichment.common.schema.EnrichmentRequest;
import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.schema.OutboundRow;
import io.clayenrichment.common.schema.ResultSource;
import io.clayenrichment.common.schema.ResultStatus;
import io.clayenrichment.enrichment.budget.Backlog;
import io.clayenrichment.enrichment.budget.BudgetOverride;
import io.clayenrichment.enrichment.budget.Period;
import io.clayenrichment.enrichment.budget.RecentCosts;
import io.clayenrichment.enrichment.budget.Spend;
import io.clayenrichment.enrichment.budget.TenantSpend;
import io.clayenrichment.enrichment.budget.TenantSpendSerde;
import io.clayenrichment.enrichment.cache.Freshness;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * A decider task without a topology: its stores, in memory with the topology's serdes, initialised
 * against Kafka Streams' {@link MockProcessorContext} (which captures what is forwarded), and the
 * books over them. The unit tests of the decider's parts build the part they test on these.
 */
final class DeciderRig {

    static final long START_MS = TopologyFixture.START.toEpochMilli();

    final TopologySettings settings;
    final RecordingMetrics metrics = new RecordingMetrics();
    final MockProcessorContext<String, Routed> context = new MockProcessorContext<>();
    final KeyValueStore<String, TenantSpend> spend = store(StoreNames.SPEND, new TenantSpendSerde());
    final KeyValueStore<String, Attempt> attemptStore = store(StoreNames.ATTEMPTS, BinaryCodec.attempts());
    final KeyValueStore<String, Waiter> waiters = store(StoreNames.WAITERS, BinaryCodec.waiters());
    final KeyValueStore<String, OpenReservation> held = store(StoreNames.HELD, BinaryCodec.heldReservations());
    final KeyValueStore<String, RecentCosts> costs = store(StoreNames.COSTS, BinaryCodec.recentCosts());
    final KeyValueStore<String, EnrichmentResult> freshness = store(StoreNames.FRESHNESS,
            new JsonSerde<>(EnrichmentResult.class));
    final KeyValueStore<String, Long> refreshes = store(StoreNames.REFRESHES, Serdes.Long());
    final KeyValueStore<String, WorkspaceLease> lease = store(StoreNames.LEASE, new JsonSerde<>(WorkspaceLease.class));
    final KeyValueStore<String, TenantEvent> leaseWaiting = store(StoreNames.LEASE_WAITING, BinaryCodec.tenantEvents());
    final KeyValueStore<String, BudgetOverride> budgets = store(StoreNames.BUDGETS,
            new JsonSerde<>(BudgetOverride.class));
    final KeyValueStore<String, Backlog> forecast = store(StoreNames.FORECAST, new JsonSerde<>(Backlog.class));
    final DecisionOutputs outputs = new DecisionOutputs(context, metrics);
    final WorkspaceLeaseBook workspace;
    final BudgetBook budget;
    final AttemptBook attempts;
    final FreshnessCache cache;

    /** A rig with 1000 credits a day for each tenant, one credit an attempt, and no workspace budget. */
    DeciderRig() {
        this(settings -> settings);
    }

    DeciderRig(UnaryOperator<TopologySettings> adjust) {
        settings = adjust.apply(new TopologySettings(TopologyFixture.TOPICS, TopologyFixture.BUDGETS_TOPIC,
                TopologyFixture.policy(1000, 20000), TopologyFixture.TTL, TopologyFixture.TIMEOUT,
                TopologyFixture.TICK));
        context.setCurrentSystemTimeMs(START_MS);
        workspace = new WorkspaceLeaseBook(settings.workspace(), 0, settings.budgets().costMilli(),
                settings.punctuateInterval().toMillis() * 2, lease, leaseWaiting, budgets, outputs::toWorkspace);
        budget = new BudgetBook(settings.budgets(), spend, budgets, costs, metrics, workspace::settled);
        attempts = new AttemptBook(attemptStore, waiters, held, settings.maxWaitersPerContact());
        cache = new FreshnessCache(freshness, new Freshness(settings.freshnessTtl()));
    }

    AttemptStarter starter() {
        return new AttemptStarter(settings.resultTimeout(), budget, attempts, workspace, outputs);
    }

    RequestDecision requests() {
        return new RequestDecision(settings.maxWaitersPerContact(), cache, attempts, budget, workspace, starter(),
                outputs);
    }

    /** The workspace owner grants this task's lease {@code milli} credits now (the ask it answers is dropped). */
    void leased(long milli) {
        long now = context.currentSystemTimeMs();
        workspace.take(milli, now);
        workspace.granted(new LeaseGrant(0, Period.DAY.idAt(now), Period.MONTH.idAt(now), milli, null), now,
                waiting -> true);
        context.resetForwards();
    }

    private <V> KeyValueStore<String, V> store(String name, Serde<V> values) {
        // MockProcessorContext has no record collector for changelogs, and does not flush caches.
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                Serdes.String(), values).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }

    /** A request as the intake passes it on: read from offset {@code offset}, with its row template. */
    static RequestEnvelope request(String requestId, String tenant, String email, boolean force, long offset) {
        byte[] raw = ("{\"request_id\":\"" + requestId + "\",\"tenant\":\"" + tenant + "\",\"email\":\"" + email
                + "\"" + (force ? ",\"force\":true" : "") + "}").getBytes(StandardCharsets.UTF_8);
        EnrichmentRequest parsed = Json.read(raw, EnrichmentRequest.class);
        String contactKey = parsed.normalised().contactKey().orElseThrow();
        return new RequestEnvelope(tenant, contactKey, requestId, force, ("key-" + requestId).getBytes(
                StandardCharsets.UTF_8), raw, List.of(new HeaderValue("trace", requestId.getBytes(
                StandardCharsets.UTF_8))), TopologyFixture.TOPICS.requests().name(), 0, offset,
                RowTemplate.of(parsed, contactKey));
    }

    static RequestEnvelope request(String requestId, String tenant, String email) {
        return request(requestId, tenant, email, false, 0);
    }

    /** Clay's result for a row, as the receiver publishes it, received at {@code receivedAtMs}. */
    static EnrichmentResult resultFor(OutboundRow row, ResultStatus status, Double creditsUsed, long receivedAtMs) {
        return new EnrichmentResult(row.correlationId(), row.requestId(), row.contactKey(), row.tenant(), status,
                ResultSource.CLAY, Map.of("title", "Engineer"), creditsUsed, Instant.ofEpochMilli(receivedAtMs), null);
    }

    /** The dispatcher's receipt for a row. */
    static DispatchReceipt receiptFor(OutboundRow row, DispatchReceipt.Stage stage, DispatchReceipt.Reach reach,
            String reason) {
        return new DispatchReceipt(row.correlationId(), row.tenant(), row.contactKey(), row.requestId(), stage, reach,
                reason, reason == null ? null : "HTTP 400 from Clay", Instant.ofEpochMilli(START_MS));
    }

    /** Everything forwarded since the last call, in order; the capture starts afresh. */
    List<Record<? extends String, ? extends Routed>> forwarded() {
        List<Record<? extends String, ? extends Routed>> records = context.forwarded().stream()
                .<Record<? extends String, ? extends Routed>>map(MockProcessorContext.CapturedForward::record).toList();
        context.resetForwards();
        return records;
    }

    /** The single record forwarded since the last call. */
    Record<? extends String, ? extends Routed> forwardedOne() {
        List<Record<? extends String, ? extends Routed>> records = forwarded();
        if (records.size() != 1) {
            throw new AssertionError("expected one forwarded record, got " + records);
        }
        return records.get(0);
    }

    /** The row of a forwarded {@link Routed.ToClay}. */
    static OutboundRow rowOf(Record<? extends String, ? extends Routed> record) {
        return rowOfBytes(((Routed.ToClay) record.value()).row());
    }

    static OutboundRow rowOfBytes(byte[] row) {
        return Json.read(row, OutboundRow.class);
    }

    /** The tenant's spend in the current period of {@code period}. */
    Spend spend(String tenant, Period period) {
        TenantSpend stored = spend.get(tenant);
        return stored == null ? Spend.NONE : period == Period.DAY ? stored.day() : stored.month();
    }

    static String header(Record<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
