package io.clayenrichment.enrichment.topology;

import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.schema.EnrichmentRequest;
import io.clayenrichment.common.schema.OutboundRow;
import io.clayenrichment.enrichment.budget.BudgetSnapshot;
import io.clayenrichment.enrichment.budget.Reservation;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Starts an attempt whose request the decision has let through: builds its row, reserves its cost
 * in the tenant's budget, records it with its deadline and sends the row to Clay. The row is built
 * first, so that a request whose row cannot be built fails whole and leaves nothing behind.
 */
final class AttemptStarter {

    private final Duration resultTimeout;
    private final BudgetBook budget;
    private final AttemptBook attempts;
    private final WorkspaceLeaseBook workspace;
    private final DecisionOutputs outputs;

    AttemptStarter(Duration resultTimeout, BudgetBook budget, AttemptBook attempts, WorkspaceLeaseBook workspace,
            DecisionOutputs outputs) {
        this.resultTimeout = resultTimeout;
        this.budget = budget;
        this.attempts = attempts;
        this.workspace = workspace;
        this.outputs = outputs;
    }

    /** An attempt that takes nothing from a workspace lease (the workspace budget is off). */
    void start(String tenant, String contactKey, RequestEnvelope request, BudgetSnapshot snapshot, long now) {
        start(tenant, contactKey, request, snapshot, budget.nextCostMilli(tenant), false, now);
    }

    /** An attempt whose cost the workspace lease has just given: the credits go back if it cannot start. */
    void startLeased(String tenant, String contactKey, RequestEnvelope request, BudgetSnapshot snapshot, long cost,
            long now) {
        try {
            start(tenant, contactKey, request, snapshot, cost, true, now);
        } catch (RuntimeException e) {
            workspace.untake(cost);
            throw e;
        }
    }

    private void start(String tenant, String contactKey, RequestEnvelope request, BudgetSnapshot snapshot,
            long cost, boolean leased, long now) {
        String correlationId = UUID.randomUUID().toString();
        // Built before any state changes: a request whose row cannot be built fails whole, leaving nothing behind.
        byte[] row = rowOf(request, correlationId, now);
        Reservation reservation = budget.reserve(tenant, snapshot, cost, leased);
        long deadline = now + resultTimeout.toMillis();
        attempts.start(contactKey, new Attempt(correlationId, reservation, now, deadline, request.withoutRow(), 0,
                false));
        outputs.toClay(tenant, request.contactKey(), row, request.lane(), request.headers(), deadline, now);
    }

    /** The attempt's row for Clay, from the intake's template when the request carries one. */
    static byte[] rowOf(RequestEnvelope request, String correlationId, long now) {
        Instant requestedAt = Instant.ofEpochMilli(now);
        if (request.row() != null) {
            return request.row().fill(correlationId, requestedAt);
        }
        EnrichmentRequest parsed = Json.read(request.rawValue(), EnrichmentRequest.class);
        return Json.write(OutboundRow.forAttempt(parsed, request.contactKey(), correlationId, requestedAt));
    }
}
