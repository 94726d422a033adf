package io.clayenrichment.enrichment.budget;

/** A tenant's credit limits per UTC day and UTC month, in milli-credits, and the operator's switch. */
public record BudgetLimits(long dailyMilli, long monthlyMilli, boolean forceOpen) {

    public BudgetLimits {
        if (dailyMilli < 0 || monthlyMilli < 0) {
            throw new IllegalArgumentException("budgets must not be negative");
        }
    }

    public long limitMilli(Period period) {
        return period == Period.DAY ? dailyMilli : monthlyMilli;
    }
}
