package io.clayenrichment.enrichment.topology;

import io.clayenrichment.common.deadletter.DeadLetterReason;
import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.enrichment.budget.BudgetSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What becomes of a request, in this order: an answer from the freshness cache (unless forced), a
 * wait for the attempt in flight for the same contact, a dead letter when the tenant's budget or the
 * workspace's refuses, a wait for a workspace lease, else a new attempt. Scheduled refreshes take
 * the same path from the budget on.
 */
final class RequestDecision {

    /** The decider's own logger: its lines read as they did before the decider was split into parts. */
    private static final Logger LOG = LoggerFactory.getLogger(TenantDecider.class);

    private final int maxWaitersPerContact;
    private final FreshnessCache cache;
    private final AttemptBook attempts;
    private final BudgetBook budget;
    private final WorkspaceLeaseBook workspace;
    private final AttemptStarter starter;
    private final DecisionOutputs outputs;

    RequestDecision(int maxWaitersPerContact, FreshnessCache cache, AttemptBook attempts, BudgetBook budget,
            WorkspaceLeaseBook workspace, AttemptStarter starter, DecisionOutputs outputs) {
        this.maxWaitersPerContact = maxWaitersPerContact;
        this.cache = cache;
        this.attempts = attempts;
        this.budget = budget;
        this.workspace = workspace;
        this.starter = starter;
        this.outputs = outputs;
    }

    /** Decides a request as it arrives. */
    void decide(String tenant, RequestEnvelope request, long now) {
        decide(tenant, request, now, false);
    }

    /**
     * A request that waited for a workspace lease, decided as if it had just come: false when it has
     * to wait again. One that cannot be decided is dead-lettered, so it never holds up those behind it.
     */
    boolean decideAgain(RequestEnvelope request, long now) {
        try {
            return decide(request.tenant(), request, now, true);
        } catch (RuntimeException e) {
            LOG.warn("request {} of tenant {} failed after waiting for a workspace lease: {}", request.requestId(),
                    request.tenant(), e.toString());
            outputs.deadLetter(request, request.tenant(), DeadLetterReason.INVALID, "processing failed after a"
                    + " workspace grant: " + e, null, now);
            return true;
        }
    }

    /** A scheduled refresh: sent only when the workspace lease has its cost now (refreshes never wait). */
    void refresh(String tenant, String contactKey, RequestEnvelope request, BudgetSnapshot snapshot, long now) {
        if (!workspace.enabled()) {
            starter.start(tenant, contactKey, request, snapshot, now);
            return;
        }
        long cost = budget.nextCostMilli(tenant);
        if (workspace.take(cost, now) == WorkspaceLeaseBook.Take.TAKEN) {
            starter.startLeased(tenant, contactKey, request, snapshot, cost, now);
        }
    }

    /** Decides a request; false only when, being decided again ({@code again}), it has to wait once more. */
    private boolean decide(String tenant, RequestEnvelope request, long now, boolean again) {
        String contactKey = TenantKeys.contact(tenant, request.contactKey());
        if (!request.force()) {
            EnrichmentResult cached = cache.fresh(contactKey, now);
            if (cached != null) {
                outputs.cacheAnswer(cached, request.requestId(), tenant, now);
                return true;
            }
        }
        Attempt inFlight = attempts.inFlight(contactKey);
        if (inFlight != null) {
            // One enrichment per contact at a time: this request waits for that attempt's outcome.
            if (!attempts.join(contactKey, inFlight, Waiter.of(request))) {
                outputs.deadLetter(request, tenant, DeadLetterReason.TOO_MANY_DUPLICATES, inFlight.waiterCount()
                        + " requests for the same contact already wait for attempt " + inFlight.correlationId()
                        + " (MAX_WAITERS_PER_CONTACT=" + maxWaitersPerContact + "); replay this one"
                        + " once it has its result", inFlight.correlationId(), now);
            }
            return true;
        }
        BudgetSnapshot snapshot = budget.snapshot(tenant, now);
        if (!snapshot.allowsSpend()) {
            DeadLetterReason reason = snapshot.limits().forceOpen() ? DeadLetterReason.BREAKER_OPEN
                    : DeadLetterReason.BUDGET_EXHAUSTED;
            outputs.deadLetter(request, tenant, reason, snapshot.denialDetail(budget.nextCostMilli(tenant)), null, now);
            budget.report(snapshot);
            return true;
        }
        if (!workspace.enabled()) {
            starter.start(tenant, contactKey, request, snapshot, now);
            return true;
        }
        long cost = budget.nextCostMilli(tenant);
        switch (workspace.take(cost, now)) {
            case TAKEN -> starter.startLeased(tenant, contactKey, request, snapshot, cost, now);
            case REFUSED -> outputs.deadLetter(request, tenant, workspace.forcedOpen() ? DeadLetterReason.BREAKER_OPEN
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
}
