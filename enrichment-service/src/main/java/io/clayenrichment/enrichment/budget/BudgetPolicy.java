package io.clayenrichment.enrichment.budget;

import java.util.Map;

/**
 * The configured budgets: a default for any tenant, per-tenant overrides from the environment, the
 * estimated cost of one enrichment and the warning threshold. Operator changes from the budgets
 * topic are applied over these.
 */
public record BudgetPolicy(BudgetLimits defaults, Map<String, BudgetLimits> perTenant, long costMilli,
        double warningThreshold) {

    public BudgetPolicy {
        perTenant = Map.copyOf(perTenant);
        if (costMilli <= 0) {
            throw new IllegalArgumentException("the cost per enrichment must be greater than 0");
        }
        if (!(warningThreshold > 0 && warningThreshold <= 1)) {
            throw new IllegalArgumentException("the warning threshold must be in (0, 1]");
        }
    }

    /** The limits in force for {@code tenant}: the operator's override, else the environment's. */
    public BudgetLimits limitsFor(String tenant, BudgetOverride override) {
        BudgetLimits configured = perTenant.getOrDefault(tenant, defaults);
        if (override == null) {
            return configured;
        }
        return new BudgetLimits(
                override.daily() == null ? configured.dailyMilli() : Credits.toMilli(override.daily()),
                override.monthly() == null ? configured.monthlyMilli() : Credits.toMilli(override.monthly()),
                override.forced());
    }

    /** The state of a tenant's breaker and what is left, given its limits and spend. */
    public BudgetSnapshot snapshot(String tenant, BudgetLimits limits, String dayId, Spend day, String monthId,
            Spend month) {
        return new BudgetSnapshot(tenant, limits, dayId, day, monthId, month, stateOf(limits, day, month));
    }

    private BreakerState stateOf(BudgetLimits limits, Spend day, Spend month) {
        if (limits.forceOpen()) {
            return BreakerState.FORCED_OPEN;
        }
        if (!fits(limits.dailyMilli(), day) || !fits(limits.monthlyMilli(), month)) {
            return BreakerState.OPEN;
        }
        if (nearLimit(limits.dailyMilli(), day) || nearLimit(limits.monthlyMilli(), month)) {
            return BreakerState.WARNING;
        }
        return BreakerState.CLOSED;
    }

    private boolean fits(long limitMilli, Spend spend) {
        return spend.committedMilli() + costMilli <= limitMilli;
    }

    private boolean nearLimit(long limitMilli, Spend spend) {
        return spend.committedMilli() >= warningThreshold * limitMilli;
    }
}
