package io.clayenrichment.enrichment.budget;

/** One tenant's budget at a moment: limits, spend per current period and the breaker state. */
public record BudgetSnapshot(String tenant, BudgetLimits limits, String dayId, Spend day, String monthId,
        Spend month, BreakerState state) {

    /** Whether one more enrichment may be reserved; false when forced open or either period is full. */
    public boolean allowsSpend() {
        return state == BreakerState.CLOSED || state == BreakerState.WARNING;
    }

    public long remainingMilli(Period period) {
        Spend spend = period == Period.DAY ? day : month;
        return Math.max(0, limits.limitMilli(period) - spend.committedMilli());
    }

    /** Why a request was refused, naming the period and the figures. */
    public String denialDetail(long costMilli) {
        if (state == BreakerState.FORCED_OPEN) {
            return "credit breaker of tenant '" + tenant + "' is forced open by an operator";
        }
        boolean dayFull = day.committedMilli() + costMilli > limits.dailyMilli();
        Period period = dayFull ? Period.DAY : Period.MONTH;
        Spend spend = dayFull ? day : month;
        return (dayFull ? "daily" : "monthly") + " budget of tenant '" + tenant + "' for "
                + (dayFull ? dayId : monthId) + " is exhausted: limit " + Credits.format(limits.limitMilli(period))
                + ", spent " + Credits.format(spend.spentMilli()) + ", reserved " + Credits.format(spend.reservedMilli())
                + ", cost " + Credits.format(costMilli);
    }
}
