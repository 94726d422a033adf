package io.clayenrichment.enrichment.topology;

import io.clayenrichment.common.deadletter.DeadLetterReason;
import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.schema.DispatchReceipt;
import io.clayenrichment.common.schema.EnrichmentRequest;
import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.schema.OutboundRow;
import io.clayenrichment.common.schema.ResultSource;
import io.clayenrichment.common.schema.ResultStatus;
import io.clayenrichment.enrichment.budget.BudgetSnapshot;
import io.clayenrichment.enrichment.budget.Credits;
import io.clayenrichment.enrichment.budget.Reservation;
import io.clayenrichment.enrichment.cache.Freshness;
import io.clayenrichment.enrichment.metrics.TopologyMetrics;
import io.clayenrichment.enrichment.metrics.TopologyMetrics.Route;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every decision about a tenant, in the one task that owns the tenant: answer a request from the
 * freshness cache, let it wait for the attempt in flight for the same contact, or reserve credits and
 * send a row to Clay; then end each attempt exactly once, by its result, a dispatcher receipt that
 * gives it up, or its deadline. An attempt that ends without a result keeps its reservation until
 * the row's fate is known ({@link OpenReservation}): credits are given back only when the row never
 * reached Clay, and a late result is charged to the periods it was reserved in. All state is in
 * changelogged stores written in the same transaction as the outputs, so with exactly-once processing
 * a crash never double-counts a credit or repeats an outcome.
 */
final class TenantDecider implements Processor<String, TenantEvent, String, Routed> {

    private static final Logger LOG = LoggerFactory.getLogger(TenantDecider.class);

    private final TopologySettings settings;
    private final TopologyMetrics metrics;

    private ProcessorContext<String, Routed> context;
    private BudgetBook budget;
    private AttemptBook attempts;
    private FreshnessCache cache;
    private RefreshPlanner refresh;
    private WorkspaceLeaseBook workspace;

    TenantDecider(TopologySettings settings, TopologyMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
        this.workspace = new WorkspaceLeaseBook(settings.workspace(), context.taskId().partition(),
                settings.budgets().costMilli(), settings.punctuateInterval().toMillis() * 2,
                context.getStateStore(StoreNames.LEASE), context.getStateStore(StoreNames.LEASE_WAITING),
                context.getStateStore(StoreNames.BUDGETS), update -> context.forward(new Record<>(
                        StoreNames.WORKSPACE_KEY, new Routed.ToWorkspace(update), context.currentSystemTimeMs(),
                        new RecordHeaders())));
        this.budget = new BudgetBook(settings.budgets(), context.getStateStore(StoreNames.SPEND),
                context.getStateStore(StoreNames.BUDGETS), context.getStateStore(StoreNames.COSTS), metrics,
                workspace::settled);
        this.attempts = new AttemptBook(context.getStateStore(StoreNames.ATTEMPTS),
                context.getStateStore(StoreNames.WAITERS), context.getStateStore(StoreNames.HELD),
                settings.maxWaitersPerContact());
        this.cache = new FreshnessCache(context.getStateStore(StoreNames.FRESHNESS),
                new Freshness(settings.freshnessTtl()));
        this.refresh = new RefreshPlanner(settings, cache.store(), context.getStateStore(StoreNames.ATTEMPTS),
                context.getStateStore(StoreNames.REFRESHES), metrics);
        context.schedule(settings.punctuateInterval(), PunctuationType.WALL_CLOCK_TIME, this::onClock);
    }

    @Override
    public void process(Record<String, TenantEvent> record) {
        String tenant = record.key();
        long now = context.currentSystemTimeMs();
        TenantEvent event = record.value();
        if (event instanceof RequestEnvelope request) {
            onRequest(tenant, request, now, false);
        } else if (event instanceof TenantEvent.ClayResult result) {
            onResult(tenant, result.result(), now);
        } else if (event instanceof TenantEvent.RowReceipt receipt) {
            onReceipt(tenant, receipt.receipt(), now);
        } else if (event instanceof TenantEvent.WorkspaceGrant grant) {
            workspace.granted(grant.grant(), now, waiting -> decideAgain(waiting, now));
        }
    }

    /**
     * A request that waited for a workspace lease, decided as if it had just come: false when it has
     * to wait again. One that cannot be decided is dead-lettered, so it never holds up those behind it.
     */
    private boolean decideAgain(RequestEnvelope request, long now) {
        try {
            return onRequest(request.tenant(), request, now, true);
        } catch (RuntimeException e) {
            LOG.warn("request {} of tenant {} failed after waiting for a workspace lease: {}", request.requestId(),
                    request.tenant(), e.toString());
            deadLetter(request, request.tenant(), DeadLetterReason.INVALID, "processing failed after a workspace"
                    + " grant: " + e, null, now);
            return true;
        }
    }

    /** Decides a request; false only when, being decided again ({@code again}), it has to wait once more. */
    private boolean onRequest(String tenant, RequestEnvelope request, long now, boolean again) {
        String contactKey = TenantKeys.contact(tenant, request.contactKey());
        if (!request.force()) {
            EnrichmentResult cached = cache.fresh(contactKey, now);
            if (cached != null) {
                answerFromCache(cached, request.requestId(), tenant, now);
                return true;
            }
        }
        Attempt inFlight = attempts.inFlight(contactKey);
        if (inFlight != null) {
            // One enrichment per contact at a time: this request waits for that attempt's outcome.
            if (!attempts.join(contactKey, inFlight, Waiter.of(request))) {
                deadLetter(request, tenant, DeadLetterReason.TOO_MANY_DUPLICATES, inFlight.waiterCount()
                        + " requests for the same contact already wait for attempt " + inFlight.correlationId()
                        + " (MAX_WAITERS_PER_CONTACT=" + settings.maxWaitersPerContact() + "); replay this one"
                        + " once it has its result", inFlight.correlationId(), now);
            }
            return true;
        }
        BudgetSnapshot snapshot = budget.snapshot(tenant, now);
        if (!snapshot.allowsSpend()) {
            DeadLetterReason reason = snapshot.limits().forceOpen() ? DeadLetterReason.BREAKER_OPEN
                    : DeadLetterReason.BUDGET_EXHAUSTED;
            deadLetter(request, tenant, reason, snapshot.denialDetail(budget.nextCostMilli(tenant)), null, now);
            budget.report(snapshot);
            return true;
        }
        if (!workspace.enabled()) {
            startAttempt(tenant, contactKey, request, snapshot, now);
            return true;
        }
        long cost = budget.nextCostMilli(tenant);
        switch (workspace.take(cost, now)) {
            case TAKEN -> startLeasedAttempt(tenant, contactKey, request, snapshot, cost, now);
            case REFUSED -> deadLetter(request, tenant, workspace.forcedOpen() ? DeadLetterReason.BREAKER_OPEN
                    : DeadLetterReason.BUDGET_EXHAUSTED, workspace.refusal(), null, now);
            case WAIT -> {
                if (again) {
                    return false;
                }
                // Parked before its row is built: it is decided whole again once the owner answers.
                workspace.park(request, cost);
            }
        }
        return true;
    }

    /** An attempt whose cost the workspace lease has just given: the credits go back if it cannot start. */
    private void startLeasedAttempt(String tenant, String contactKey, RequestEnvelope request,
            BudgetSnapshot snapshot, long cost, long now) {
        try {
            startAttempt(tenant, contactKey, request, snapshot, cost, true, now);
        } catch (RuntimeException e) {
            workspace.untake(cost);
            throw e;
        }
    }

    /** A scheduled refresh: sent only when the workspace lease has its cost now (refreshes never wait). */
    private void startRefresh(String tenant, String contactKey, RequestEnvelope request, BudgetSnapshot snapshot,
            long now) {
        if (!workspace.enabled()) {
            startAttempt(tenant, contactKey, request, snapshot, now);
            return;
        }
        long cost = budget.nextCostMilli(tenant);
        if (workspace.take(cost, now) == WorkspaceLeaseBook.Take.TAKEN) {
            startLeasedAttempt(tenant, contactKey, request, snapshot, cost, now);
        }
    }

    private void startAttempt(String tenant, String contactKey, RequestEnvelope request, BudgetSnapshot snapshot,
            long now) {
        startAttempt(tenant, contactKey, request, snapshot, budget.nextCostMilli(tenant), false, now);
    }

    private void startAttempt(String tenant, String contactKey, RequestEnvelope request, BudgetSnapshot snapshot,
            long cost, boolean leased, long now) {
        String correlationId = UUID.randomUUID().toString();
        // Built before any state changes: a request whose row cannot be built fails whole, leaving nothing behind.
        byte[] row = rowOf(request, correlationId, now);
        Reservation reservation = budget.reserve(tenant, snapshot, cost, leased);
        long deadline = now + settings.resultTimeout().toMillis();
        attempts.start(contactKey, new Attempt(correlationId, reservation, now, deadline, request.withoutRow(), 0,
                false));
        Headers headers = HeaderValue.toHeaders(request.headers());
        // The dispatcher sends no row past its deadline: by then its request has its outcome.
        headers.add(OutboundRow.SEND_BEFORE_HEADER, Long.toString(deadline).getBytes(StandardCharsets.UTF_8));
        context.forward(new Record<>(request.contactKey(), new Routed.ToClay(row), now, headers));
        metrics.requestRouted(tenant, Route.CLAY, "none");
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

    /**
     * A Clay result counts only for the attempt its correlation id names: the one in flight for the
     * contact it names, else an ended attempt whose reservation is still held. Anything else (a
     * duplicate callback, one past the late-result window, a forged one) settles nothing and fills no
     * cache; the receiver has published it, and that is all.
     */
    private void onResult(String tenant, EnrichmentResult result, long now) {
        if (Credits.isOutOfRange(result.creditsUsed())) {
            LOG.warn("result {} of tenant {} reports credits_used {}: charged as {}", result.correlationId(), tenant,
                    result.creditsUsed(), Credits.format(Credits.charged(result.creditsUsed(), 0)));
        }
        String contactKey = result.contactKey() == null ? null : TenantKeys.contact(tenant, result.contactKey());
        Attempt attempt = contactKey == null ? null : attempts.inFlight(contactKey);
        if (attempt != null && attempt.correlationId().equals(result.correlationId())) {
            EnrichmentResult verified = verified(result, tenant, attempt.request().contactKey());
            budget.settle(tenant, attempt.reservation(), charge(result, attempt.reservation()), now, true);
            List<Waiter> waiting = attempts.close(contactKey, attempt);
            keep(contactKey, verified, now);
            metrics.resultLatency(Duration.ofMillis(Math.max(0, now - attempt.startedAtMs())));
            for (Waiter waiter : waiting) {
                answerFromCache(verified, waiter.requestId(), tenant, now);
            }
            return;
        }
        OpenReservation held = attempts.held(tenant, result.correlationId());
        if (held != null) {
            attempts.forgetHeld(tenant, result.correlationId());
            budget.settle(tenant, held.reservation(), charge(result, held.reservation()), now, true);
            keep(TenantKeys.contact(tenant, held.contactKey()), verified(result, tenant, held.contactKey()), now);
            LOG.info("late result {} of tenant {} settled its held reservation", result.correlationId(), tenant);
            return;
        }
        metrics.resultUnmatched();
    }

    /** What a result charges: nothing for not_found (Clay charges nothing for no data), else what it reports. */
    private static long charge(EnrichmentResult result, Reservation reservation) {
        return result.status() == ResultStatus.NOT_FOUND ? 0
                : Credits.charged(result.creditsUsed(), reservation.costMilli());
    }

    /** The result as the attempt's own: its tenant and contact key, whatever the callback said. */
    private static EnrichmentResult verified(EnrichmentResult result, String tenant, String contactKey) {
        return new EnrichmentResult(result.correlationId(), result.requestId(), contactKey, tenant, result.status(),
                ResultSource.CLAY, result.data(), result.creditsUsed(), result.receivedAt(), null);
    }

    /** Fills the tenant's cache and the contact lookups with a verified success. */
    private void keep(String contactStoreKey, EnrichmentResult verified, long now) {
        if (verified.status() == ResultStatus.SUCCESS) {
            cache.offer(contactStoreKey, verified);
            context.forward(new Record<>(verified.contactKey(), new Routed.Verified(verified), now,
                    new RecordHeaders()));
        }
    }

    /**
     * The dispatcher's account of a row. {@code sending} and {@code accepted} only mark that Clay may
     * have it; {@code failed} and {@code expired} end the attempt (its request and waiters get their
     * dead letters here, the one place outcomes are written) and release the reservation only when no
     * POST of the row can have reached Clay.
     */
    private void onReceipt(String tenant, DispatchReceipt receipt, long now) {
        boolean neverAtClay = receipt.stage().givesUp() && receipt.reachedClay() == DispatchReceipt.Reach.NO;
        String contactKey = receipt.contactKey() == null ? null : TenantKeys.contact(tenant, receipt.contactKey());
        Attempt attempt = contactKey == null ? null : attempts.inFlight(contactKey);
        if (attempt != null && attempt.correlationId().equals(receipt.correlationId())) {
            if (!receipt.stage().givesUp()) {
                attempts.update(contactKey, attempt.markedSent());
                return;
            }
            DeadLetterReason reason = receipt.stage() == DispatchReceipt.Stage.EXPIRED ? DeadLetterReason.RESULT_TIMEOUT
                    : reasonOf(receipt.reason());
            String detail = receipt.detail() == null ? reason.wire() : receipt.detail();
            endWithoutResult(tenant, contactKey, attempt, neverAtClay ? RowFate.NEVER_SENT : RowFate.MAY_BE_AT_CLAY,
                    reason, detail, now);
            return;
        }
        OpenReservation held = attempts.held(tenant, receipt.correlationId());
        if (held == null) {
            return;
        }
        if (neverAtClay) {
            // The dispatcher's last word on the row: it never reached Clay and never will.
            attempts.forgetHeld(tenant, receipt.correlationId());
            budget.release(tenant, held.reservation(), now);
        } else if (!held.sent()) {
            attempts.hold(tenant, receipt.correlationId(), held.markedSent());
        }
    }

    /** What is known of an ending attempt's row when it ends without a result. */
    private enum RowFate {
        /** The dispatcher gave it up without any POST reaching Clay: nothing can be charged for it. */
        NEVER_SENT,
        /** A POST of it may have reached Clay. */
        MAY_BE_AT_CLAY,
        /** Its deadline came first: it may still be waiting in the dispatcher, or be at Clay. */
        UNKNOWN
    }

    private void onClock(long now) {
        for (String contactKey : attempts.pastDeadline(now)) {
            Attempt attempt = attempts.inFlight(contactKey);
            if (attempt == null) {
                attempts.forgetDeadline(contactKey);
                continue;
            }
            String detail = "no result within " + settings.resultTimeout() + " for attempt "
                    + attempt.correlationId();
            endWithoutResult(attempt.request().tenant(), contactKey, attempt, RowFate.UNKNOWN,
                    DeadLetterReason.RESULT_TIMEOUT, detail, now);
        }
        for (AttemptBook.Due due : attempts.heldPastKeep(now)) {
            endHeld(due, now);
        }
        cache.evictExpired(now);
        refresh.onClock(context.taskId().toString(), now, budget::snapshot, this::startRefresh);
        workspace.onClock(now, waiting -> decideAgain(waiting, now));
        budget.reportAll(now);
        long oldestStart = attempts.earliestDeadline().orElse(now + settings.resultTimeout().toMillis())
                - settings.resultTimeout().toMillis();
        metrics.pending(context.taskId().toString(), attempts.inFlightCount(),
                Duration.ofMillis(Math.max(0, now - oldestStart)));
        metrics.heldReservations(context.taskId().toString(), attempts.heldCount());
    }

    /**
     * Ends an attempt without a result: its request and waiting duplicates are dead-lettered with
     * {@code reason}. Its reservation is given back only if its row never reached Clay and never will;
     * otherwise it is held for a late result or the dispatcher's last word on the row.
     */
    private void endWithoutResult(String tenant, String contactKey, Attempt attempt, RowFate fate,
            DeadLetterReason reason, String detail, long now) {
        List<Waiter> waiting = attempts.close(contactKey, attempt);
        if (fate == RowFate.NEVER_SENT) {
            budget.release(tenant, attempt.reservation(), now);
        } else {
            attempts.hold(tenant, attempt.correlationId(), new OpenReservation(attempt.request().contactKey(),
                    attempt.reservation(), attempt.startedAtMs(), now + settings.lateResultWindow().toMillis(),
                    fate == RowFate.MAY_BE_AT_CLAY || attempt.sent()));
        }
        deadLetter(attempt.request(), tenant, reason, detail, attempt.correlationId(), now);
        for (Waiter waiter : waiting) {
            deadLetter(waiter, tenant, reason, "waited for attempt " + attempt.correlationId()
                    + " of the same contact: " + detail, attempt.correlationId(), now);
        }
        LOG.info("attempt {} of tenant {} ended without a result ({}; reservation {}); {} request(s) dead-lettered",
                attempt.correlationId(), tenant, reason.wire(),
                fate == RowFate.NEVER_SENT ? "released" : "held until the row's fate is known", 1 + waiting.size());
    }

    /**
     * A held reservation whose late-result window is over: charged at its estimate if its row may have
     * reached Clay (Clay may have charged it and its callback is lost), else given back (the row was
     * never sent, and past its deadline it never will be).
     */
    private void endHeld(AttemptBook.Due due, long now) {
        attempts.forgetHeld(due.tenant(), due.correlationId());
        Reservation reservation = due.reservation().reservation();
        if (due.reservation().sent()) {
            budget.settle(due.tenant(), reservation, reservation.costMilli(), now, false);
            LOG.warn("no result for attempt {} of tenant {} within LATE_RESULT_WINDOW={}: charged at its estimate"
                    + " of {}", due.correlationId(), due.tenant(), settings.lateResultWindow(),
                    Credits.format(reservation.costMilli()));
        } else {
            budget.release(due.tenant(), reservation, now);
        }
    }

    private void answerFromCache(EnrichmentResult cached, String requestId, String tenant, long now) {
        EnrichmentResult answer = cached.servedFromCache(UUID.randomUUID().toString(), requestId, tenant,
                Instant.ofEpochMilli(now));
        context.forward(new Record<>(answer.recordKey(), new Routed.CacheAnswer(answer), now, new RecordHeaders()));
        metrics.requestRouted(tenant, Route.CACHE, "none");
    }

    private void deadLetter(Original request, String tenant, DeadLetterReason reason, String detail,
            String correlationId, long now) {
        context.forward(DeadLetters.of(request, tenant, reason, detail, correlationId, now));
        metrics.requestRouted(tenant, Route.DLQ, reason.wire());
        metrics.deadLettered(reason.wire(), tenant);
    }

    private static DeadLetterReason reasonOf(String wire) {
        try {
            return wire == null ? DeadLetterReason.RETRIES_EXHAUSTED : DeadLetterReason.fromWire(wire);
        } catch (IllegalArgumentException e) {
            return DeadLetterReason.RETRIES_EXHAUSTED;
        }
    }
}
