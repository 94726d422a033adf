package io.clayenrichment.enrichment.topology;

import io.clayenrichment.common.deadletter.DeadLetterReason;
import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.schema.EnrichmentRequest;
import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.schema.OutboundRow;
import io.clayenrichment.common.schema.ResultStatus;
import io.clayenrichment.enrichment.budget.BudgetLimits;
import io.clayenrichment.enrichment.budget.BudgetOverride;
import io.clayenrichment.enrichment.budget.BudgetPolicy;
import io.clayenrichment.enrichment.budget.BudgetSnapshot;
import io.clayenrichment.enrichment.budget.Credits;
import io.clayenrichment.enrichment.budget.TenantSpend;
import io.clayenrichment.enrichment.cache.Freshness;
import io.clayenrichment.enrichment.metrics.TopologyMetrics;
import io.clayenrichment.enrichment.metrics.TopologyMetrics.Route;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every decision about a tenant, in the one task that owns the tenant: answer from the freshness
 * cache, join an attempt already in flight for the same contact, or reserve credits and send a row to
 * Clay; settle, refund or release reservations when results, dispatcher failures or timeouts close an
 * attempt. All state is in changelogged stores written in the same transaction as the outputs, so
 * with exactly-once processing a crash never double-counts a credit or repeats an outcome.
 */
final class TenantDecider implements Processor<String, TenantEvent, String, Routed> {

    private static final Logger LOG = LoggerFactory.getLogger(TenantDecider.class);
    /** Cache entries examined per punctuation when dropping expired ones, to keep each punctuation short. */
    static final int EVICTION_BATCH = 1000;

    private final TopologySettings settings;
    private final BudgetPolicy policy;
    private final Freshness freshness;
    private final TopologyMetrics metrics;
    private final DeadlineIndex deadlines = new DeadlineIndex();
    private final Map<String, BudgetSnapshot> lastReported = new HashMap<>();

    private ProcessorContext<String, Routed> context;
    private SpendBook spend;
    private KeyValueStore<String, Attempt> attempts;
    private KeyValueStore<String, RequestEnvelope> waiters;
    private KeyValueStore<String, EnrichmentResult> cache;
    private KeyValueStore<String, BudgetOverride> overrides;
    private String evictionCursor;
    private RefreshPlanner refresh;

    TenantDecider(TopologySettings settings, TopologyMetrics metrics) {
        this.settings = settings;
        this.policy = settings.budgets();
        this.freshness = new Freshness(settings.freshnessTtl());
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
        KeyValueStore<String, TenantSpend> spendStore = context.getStateStore(StoreNames.SPEND);
        this.spend = new SpendBook(spendStore);
        this.attempts = context.getStateStore(StoreNames.ATTEMPTS);
        this.waiters = context.getStateStore(StoreNames.WAITERS);
        this.cache = context.getStateStore(StoreNames.FRESHNESS);
        this.overrides = context.getStateStore(StoreNames.BUDGETS);
        this.refresh = new RefreshPlanner(settings, cache, attempts, context.getStateStore(StoreNames.REFRESHES), metrics);
        try (KeyValueIterator<String, Attempt> all = attempts.all()) {
            all.forEachRemaining(entry -> deadlines.add(entry.key, entry.value.deadlineMs()));
        }
        try (KeyValueIterator<String, TenantSpend> all = spendStore.all()) {
            all.forEachRemaining(entry -> lastReported.putIfAbsent(entry.key, null));
        }
        context.schedule(settings.punctuateInterval(), PunctuationType.WALL_CLOCK_TIME, this::onClock);
    }

    @Override
    public void process(Record<String, TenantEvent> record) {
        TenantEvent event = record.value();
        String tenant = record.key();
        long now = context.currentSystemTimeMs();
        if (event.request() != null) {
            onRequest(tenant, event.request(), now);
        } else if (event.result() != null) {
            onResult(tenant, event.result(), now);
        } else if (event.failure() != null) {
            onDispatchFailure(tenant, event.failure(), now);
        }
    }

    private void onRequest(String tenant, RequestEnvelope request, long now) {
        String contactKey = TenantKeys.contact(tenant, request.contactKey());
        if (!request.force()) {
            EnrichmentResult cached = cache.get(contactKey);
            if (cached != null && freshness.isFresh(cached, now)) {
                answerFromCache(cached, request, tenant, now);
                return;
            }
        }
        Attempt inFlight = attempts.get(contactKey);
        if (inFlight != null) {
            // One enrichment per contact at a time: this request waits for that attempt's outcome.
            waiters.put(inFlight.waiterKey(contactKey, inFlight.waiterCount()), request.withoutRow());
            attempts.put(contactKey, inFlight.withOneMoreWaiter());
            return;
        }
        BudgetSnapshot budget = snapshot(tenant, now);
        if (!budget.allowsSpend()) {
            DeadLetterReason reason = budget.limits().forceOpen() ? DeadLetterReason.BREAKER_OPEN
                    : DeadLetterReason.BUDGET_EXHAUSTED;
            deadLetter(request, tenant, reason, budget.denialDetail(policy.costMilli()), null, now);
            report(budget);
            return;
        }
        startAttempt(tenant, contactKey, request, budget, now);
    }

    private void startAttempt(String tenant, String contactKey, RequestEnvelope request, BudgetSnapshot budget,
            long now) {
        long cost = policy.costMilli();
        TenantSpend reserved = new TenantSpend(budget.dayId(), budget.day(), budget.monthId(), budget.month())
                .reserve(cost);
        spend.put(tenant, reserved);
        String correlationId = UUID.randomUUID().toString();
        long deadline = now + settings.resultTimeout().toMillis();
        attempts.put(contactKey, new Attempt(correlationId, cost, budget.dayId(), budget.monthId(), now, deadline,
                request.withoutRow(), 0));
        deadlines.add(contactKey, deadline);
        context.forward(new Record<>(request.contactKey(), Routed.outbound(rowOf(request, correlationId, now)), now,
                HeaderValue.toHeaders(request.headers())));
        metrics.creditsReserved(tenant, cost);
        metrics.requestRouted(tenant, Route.CLAY, "none");
        report(snapshotOf(tenant, budget.limits(), reserved));
    }

    /** The attempt's row for Clay, from the intake's template when the request carries one. */
    private static byte[] rowOf(RequestEnvelope request, String correlationId, long now) {
        Instant requestedAt = Instant.ofEpochMilli(now);
        if (request.row() != null) {
            return request.row().fill(correlationId, requestedAt);
        }
        EnrichmentRequest parsed = Json.read(request.rawValue(), EnrichmentRequest.class);
        return Json.write(OutboundRow.forAttempt(parsed, request.contactKey(), correlationId, requestedAt));
    }

    private void onResult(String tenant, EnrichmentResult result, long now) {
        if (result.contactKey() == null) {
            LOG.warn("result {} of tenant {} has no contact_key; it cannot close its attempt",
                    result.correlationId(), tenant);
            return;
        }
        String contactKey = TenantKeys.contact(tenant, result.contactKey());
        if (result.status() == ResultStatus.SUCCESS) {
            EnrichmentResult cached = cache.get(contactKey);
            if (cached == null || freshness.isNewer(result, cached)) {
                cache.put(contactKey, result);
            }
        }
        Attempt attempt = attempts.get(contactKey);
        if (attempt == null || !attempt.correlationId().equals(result.correlationId())) {
            // A duplicate callback, or a late one after a timeout: published already, never settled twice.
            return;
        }
        long actual = result.status() == ResultStatus.NOT_FOUND ? 0
                : result.creditsUsed() != null ? Credits.toMilli(result.creditsUsed()) : attempt.costMilli();
        settle(tenant, attempt, actual);
        List<RequestEnvelope> waiting = close(contactKey, attempt);
        metrics.creditsSettled(tenant, actual);
        if (actual < attempt.costMilli()) {
            metrics.creditsRefunded(tenant, attempt.costMilli() - actual);
        }
        metrics.resultLatency(Duration.ofMillis(Math.max(0, now - attempt.startedAtMs())));
        for (RequestEnvelope waiter : waiting) {
            answerFromCache(result, waiter, tenant, now);
        }
        report(snapshot(tenant, now));
    }

    private void onDispatchFailure(String tenant, DispatchFailure failure, long now) {
        String contactKey = TenantKeys.contact(tenant, failure.contactKey());
        Attempt attempt = attempts.get(contactKey);
        if (attempt == null || !attempt.correlationId().equals(failure.correlationId())) {
            return;
        }
        List<RequestEnvelope> waiting = release(tenant, contactKey, attempt);
        // The dispatcher dead-lettered the row itself; the duplicates waiting for it fail the same way.
        DeadLetterReason reason = reasonOf(failure.reason());
        for (RequestEnvelope waiter : waiting) {
            deadLetter(waiter, tenant, reason, "the attempt " + attempt.correlationId()
                    + " for the same contact failed: " + failure.detail(), attempt.correlationId(), now);
        }
        report(snapshot(tenant, now));
    }

    private void onClock(long now) {
        for (String contactKey : deadlines.expired(now)) {
            timeOut(contactKey, now);
        }
        evictExpired(now);
        refresh.onClock(context.taskId().toString(), now, this::snapshot, this::startAttempt);
        // Periods end on the clock: each tenant's breaker is re-evaluated even when no record arrives.
        for (String tenant : List.copyOf(lastReported.keySet())) {
            report(snapshot(tenant, now));
        }
        long oldestStart = deadlines.earliestDeadline().orElse(now + settings.resultTimeout().toMillis())
                - settings.resultTimeout().toMillis();
        metrics.pending(context.taskId().toString(), deadlines.size(), Duration.ofMillis(Math.max(0, now - oldestStart)));
    }

    private void timeOut(String contactKey, long now) {
        Attempt attempt = attempts.get(contactKey);
        if (attempt == null) {
            deadlines.remove(contactKey);
            return;
        }
        String tenant = attempt.request().tenant();
        List<RequestEnvelope> waiting = release(tenant, contactKey, attempt);
        String detail = "no result within " + settings.resultTimeout() + " for attempt " + attempt.correlationId();
        deadLetter(attempt.request(), tenant, DeadLetterReason.RESULT_TIMEOUT, detail, attempt.correlationId(), now);
        for (RequestEnvelope waiter : waiting) {
            deadLetter(waiter, tenant, DeadLetterReason.RESULT_TIMEOUT, "waited for the attempt of the same contact: "
                    + detail, attempt.correlationId(), now);
        }
        LOG.info("attempt {} of tenant {} timed out after {}; reservation released, {} request(s) dead-lettered",
                attempt.correlationId(), tenant, settings.resultTimeout(), 1 + waiting.size());
    }

    /** Gives back an attempt's reservation without charging anything; returns the requests that waited for it. */
    private List<RequestEnvelope> release(String tenant, String contactKey, Attempt attempt) {
        settle(tenant, attempt, 0);
        metrics.creditsRefunded(tenant, attempt.costMilli());
        return close(contactKey, attempt);
    }

    /** Replaces the attempt's reservation by {@code actualMilli}, in the periods it was reserved in. */
    private void settle(String tenant, Attempt attempt, long actualMilli) {
        TenantSpend current = spend.get(tenant);
        if (current != null) {
            spend.put(tenant, current.rolledTo(context.currentSystemTimeMs()).settle(attempt.dayId(), attempt.monthId(),
                    attempt.costMilli(), actualMilli));
        }
    }

    /** Ends the attempt and takes the requests that waited for it, in arrival order. */
    private List<RequestEnvelope> close(String contactKey, Attempt attempt) {
        attempts.delete(contactKey);
        deadlines.remove(contactKey);
        List<RequestEnvelope> waiting = new java.util.ArrayList<>(attempt.waiterCount());
        for (int i = 0; i < attempt.waiterCount(); i++) {
            RequestEnvelope waiter = waiters.delete(attempt.waiterKey(contactKey, i));
            if (waiter != null) {
                waiting.add(waiter);
            }
        }
        return waiting;
    }

    private void answerFromCache(EnrichmentResult cached, RequestEnvelope request, String tenant, long now) {
        EnrichmentResult answer = cached.servedFromCache(UUID.randomUUID().toString(), request.requestId(), tenant,
                Instant.ofEpochMilli(now));
        context.forward(new Record<>(answer.recordKey(), Routed.result(answer), now, new RecordHeaders()));
        metrics.requestRouted(tenant, Route.CACHE, "none");
    }

    private void deadLetter(RequestEnvelope request, String tenant, DeadLetterReason reason, String detail,
            String correlationId, long now) {
        context.forward(DeadLetters.of(request, tenant, reason, detail, correlationId, now));
        metrics.requestRouted(tenant, Route.DLQ, reason.wire());
        metrics.deadLettered(reason.wire(), tenant);
    }

    /** The tenant's budget now; a tenant seen for the first time gets an empty spend entry, so it stays known. */
    private BudgetSnapshot snapshot(String tenant, long now) {
        TenantSpend current = spend.get(tenant);
        if (current == null) {
            current = TenantSpend.startingAt(now);
            spend.put(tenant, current);
        } else {
            TenantSpend rolled = current.rolledTo(now);
            if (rolled != current) {
                spend.put(tenant, rolled);
                current = rolled;
            }
        }
        return snapshotOf(tenant, policy.limitsFor(tenant, overrides.get(tenant)), current);
    }

    private BudgetSnapshot snapshotOf(String tenant, BudgetLimits limits, TenantSpend current) {
        return policy.snapshot(tenant, limits, current.dayId(), current.day(), current.monthId(), current.month());
    }

    private void report(BudgetSnapshot snapshot) {
        BudgetSnapshot previous = lastReported.put(snapshot.tenant(), snapshot);
        if (previous == null || previous.state() != snapshot.state()) {
            LOG.info("credit breaker of tenant {} is {} (day {}: {} of {} committed; month {}: {} of {})",
                    snapshot.tenant(), snapshot.state().wire(), snapshot.dayId(),
                    Credits.format(snapshot.day().committedMilli()), Credits.format(snapshot.limits().dailyMilli()),
                    snapshot.monthId(), Credits.format(snapshot.month().committedMilli()),
                    Credits.format(snapshot.limits().monthlyMilli()));
        }
        metrics.budget(snapshot);
    }

    /**
     * Drops cache entries older than the TTL, a batch per punctuation, walking the store round-robin:
     * they can never answer again, and without this the cache would keep every contact ever enriched.
     */
    private void evictExpired(long now) {
        List<String> expired = new java.util.ArrayList<>();
        try (KeyValueIterator<String, EnrichmentResult> entries = cache.range(evictionCursor, null)) {
            for (int scanned = 0; scanned < EVICTION_BATCH && entries.hasNext(); scanned++) {
                var entry = entries.next();
                if (!freshness.isFresh(entry.value, now)) {
                    expired.add(entry.key);
                }
            }
            evictionCursor = entries.hasNext() ? entries.peekNextKey() : null;
        }
        expired.forEach(cache::delete);
    }

    private static DeadLetterReason reasonOf(String wire) {
        try {
            return DeadLetterReason.fromWire(wire);
        } catch (IllegalArgumentException e) {
            return DeadLetterReason.RETRIES_EXHAUSTED;
        }
    }
}
