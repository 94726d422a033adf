package io.clayenrichment.enrichment.metrics;

import io.clayenrichment.enrichment.budget.BudgetSnapshot;
import java.time.Duration;

/**
 * What the topology's processors report. The service wires a Micrometer implementation; tests use a
 * recording one. Processors call it from their stream thread; implementations must be thread-safe
 * because several stream threads share one.
 */
public interface TopologyMetrics {

    /** Where a request ended: {@code clay} (sent), {@code cache} (answered), {@code dlq}. */
    enum Route {
        CLAY, CACHE, DLQ;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** What became of a stale contact the scheduled refresh wanted to re-request. */
    enum RefreshOutcome {
        SENT, SKIPPED_BUDGET, SKIPPED_RATE;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A request reached its outcome; {@code reason} is "none" unless dead-lettered. */
    void requestRouted(String tenant, Route route, String reason);

    void deadLettered(String reason, String tenant);

    void creditsReserved(String tenant, long milli);

    void creditsSettled(String tenant, long milli);

    void creditsRefunded(String tenant, long milli);

    /** The current budget of a tenant owned by this instance (remaining credits and breaker state). */
    void budget(BudgetSnapshot snapshot);

    /** Attempts waiting for a result in one task, and the age of the oldest. */
    void pending(String taskId, int count, Duration oldestAge);

    /** From sending a row to Clay to its result arriving. */
    void resultLatency(Duration latency);

    /**
     * A settlement took a period's committed credits above the tenant's limit by {@code milli}: a
     * result charged more than its reservation, or a late result charged a reservation already counted.
     */
    default void creditsOvershoot(String tenant, io.clayenrichment.enrichment.budget.Period period, long milli) {}

    /**
     * A Clay result matched no attempt of its tenant, live or recently ended (a duplicate, a very late
     * or a forged callback): it settled nothing and filled no cache. No tenant label: anyone who can
     * write a result chooses its tenant.
     */
    default void resultUnmatched() {}

    /** Reservations of one task held after their attempt ended, until their rows' fate is known. */
    default void heldReservations(String taskId, long count) {}

    /** A stale contact was re-requested, or passed over for its tenant's budget or the refresh rate. */
    default void refresh(String tenant, RefreshOutcome outcome) {}

    /**
     * The spend forecast of a tenant owned by this instance: credits needed to drain what is queued
     * against what is left, per period (reported on the wall clock).
     */
    default void forecast(io.clayenrichment.enrichment.budget.SpendForecast forecast) {}

    /** The workspace budget as its owner's task sees it (reported by that task only). */
    default void workspace(io.clayenrichment.enrichment.budget.WorkspaceLedger ledger,
            io.clayenrichment.enrichment.budget.BudgetLimits limits) {}

    /** The tasks this instance runs after a rebalance; figures of tasks that moved away are dropped. */
    default void tasksRunning(java.util.Set<String> taskIds) {}

    TopologyMetrics NONE = new TopologyMetrics() {
        @Override
        public void requestRouted(String tenant, Route route, String reason) {}

        @Override
        public void deadLettered(String reason, String tenant) {}

        @Override
        public void creditsReserved(String tenant, long milli) {}

        @Override
        public void creditsSettled(String tenant, long milli) {}

        @Override
        public void creditsRefunded(String tenant, long milli) {}

        @Override
        public void budget(BudgetSnapshot snapshot) {}

        @Override
        public void pending(String taskId, int count, Duration oldestAge) {}

        @Override
        public void resultLatency(Duration latency) {}
    };
}
