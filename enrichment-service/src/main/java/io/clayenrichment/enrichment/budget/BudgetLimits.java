package io.clayenrichment.enrichment.budget;

/** A tenant's credit limits per UTC day and UTC month, in milli-credits, and the operator's switch. */
public record BudgetLimits(long dailyMilli, long monthlyMilli, boolean forceOpen) {

    public BudgetLimits {
        if (dailyMilli < 0 || monthlyMilli < 0) {
            throw new IllegalArgumentException("budgets must not be negative");
        }
    }

    /** These limits with an operator's override over them: a limit it leaves null stays as it is. */
    public BudgetLimits with(BudgetOverride override) {
        if (override == null) {
            return this;
        }
        return new BudgetLimits(
                override.daily() == null ? dailyMilli : Credits.toMilli(override.daily()),
                override.monthly() == null ? monthlyMilli : Credits.toMilli(override.monthly()),
                override.forced());
    }

    public long limitMilli(Period period) {
        return period == Period.DAY ? dailyMilli : monthlyMilli;
    }
}
