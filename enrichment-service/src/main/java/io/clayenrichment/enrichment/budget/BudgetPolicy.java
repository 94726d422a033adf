package io.clayenrichment.enrichment.budget;

import java.util.Map;

/**
 * The configured budgets: a default for any tenant, per-tenant overrides from the environment, the
 * estimated cost of one enrichment and the warning threshold. Operator changes from the budgets
 * topic are applied over these.
 */
public record BudgetPolicy(BudgetLimits defaults, Map<String, BudgetLimits> perTenant, long costMilli,
        double warningThreshold, Reservations reservations) {

    /** How much an attempt reserves. */
    public enum Reservations {
        /** Always {@code CREDIT_COST_PER_ENRICHMENT}. */
        FIXED,
        /**
         * The 95th percentile of what the tenant's last results cost, never less than
         * {@code CREDIT_COST_PER_ENRICHMENT}: a tenant whose rows cost more than the estimate reserves
         * what they really cost, so spend stays within the limit.
         */
        ADAPTIVE;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The quantile of recent costs an adaptive reservation covers. */
    public static final double ADAPTIVE_QUANTILE = 0.95;

    public BudgetPolicy(BudgetLimits defaults, Map<String, BudgetLimits> perTenant, long costMilli,
            double warningThreshold) {
        this(defaults, perTenant, costMilli, warningThreshold, Reservations.FIXED);
    }

    public BudgetPolicy {
        perTenant = Map.copyOf(perTenant);
        reservations = reservations == null ? Reservations.FIXED : reservations;
        if (costMilli <= 0) {
            throw new IllegalArgumentException("the cost per enrichment must be greater than 0");
        }
        if (!(warningThreshold > 0 && warningThreshold <= 1)) {
            throw new IllegalArgumentException("the warning threshold must be in (0, 1]");
        }
    }

    /** The limits in force for {@code tenant}: the operator's override, else the environment's. */
    public BudgetLimits limitsFor(String tenant, BudgetOverride override) {
        return perTenant.getOrDefault(tenant, defaults).with(override);
    }

    /** What the next attempt of a tenant whose last results cost {@code recent} reserves. */
    public long reservationMilli(RecentCosts recent) {
        return reservations == Reservations.ADAPTIVE
                ? Math.max(costMilli, Math.min(Credits.MAX_PER_RESULT_MILLI, recent.quantile(ADAPTIVE_QUANTILE)))
                : costMilli;
    }

    /** The state of a tenant's breaker and what is left, given its limits and spend. */
    public BudgetSnapshot snapshot(String tenant, BudgetLimits limits, String dayId, Spend day, String monthId,
            Spend month) {
        return snapshot(tenant, limits, dayId, day, monthId, month, costMilli);
    }

    /** As {@link #snapshot}, for a tenant whose next attempt reserves {@code nextCostMilli}. */
    public BudgetSnapshot snapshot(String tenant, BudgetLimits limits, String dayId, Spend day, String monthId,
            Spend month, long nextCostMilli) {
        return new BudgetSnapshot(tenant, limits, dayId, day, monthId, month,
                stateOf(limits, day, month, nextCostMilli));
    }

    private BreakerState stateOf(BudgetLimits limits, Spend day, Spend month, long nextCostMilli) {
        if (limits.forceOpen()) {
            return BreakerState.FORCED_OPEN;
        }
        if (!fits(limits.dailyMilli(), day, nextCostMilli) || !fits(limits.monthlyMilli(), month, nextCostMilli)) {
            return BreakerState.OPEN;
        }
        if (nearLimit(limits.dailyMilli(), day) || nearLimit(limits.monthlyMilli(), month)) {
            return BreakerState.WARNING;
        }
        return BreakerState.CLOSED;
    }

    private static boolean fits(long limitMilli, Spend spend, long nextCostMilli) {
        return spend.committedMilli() + nextCostMilli <= limitMilli;
    }

    private boolean nearLimit(long limitMilli, Spend spend) {
        return spend.committedMilli() >= warningThreshold * limitMilli;
    }
}
