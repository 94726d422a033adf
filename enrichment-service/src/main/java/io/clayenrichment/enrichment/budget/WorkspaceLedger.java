package io.clayenrichment.enrichment.budget;

/**
 * The owner's account of the workspace budget in its current UTC day and month: {@code reserved} is
 * what is leased to decider tasks and not yet charged (their unused credits and open reservations),
 * {@code spent} what results charged. A lease is granted only while reserved plus spent plus the lease
 * stays within the limit, so all tenants' reservations together never exceed it.
 */
public record WorkspaceLedger(String dayId, Spend day, String monthId, Spend month) {

    public static WorkspaceLedger startingAt(long epochMillis) {
        return new WorkspaceLedger(Period.DAY.idAt(epochMillis), Spend.NONE, Period.MONTH.idAt(epochMillis),
                Spend.NONE);
    }

    /** This ledger as of {@code epochMillis}: a period that has ended starts again from nothing. */
    public WorkspaceLedger rolledTo(long epochMillis) {
        String nowDay = Period.DAY.idAt(epochMillis);
        String nowMonth = Period.MONTH.idAt(epochMillis);
        if (nowDay.equals(dayId) && nowMonth.equals(monthId)) {
            return this;
        }
        return new WorkspaceLedger(nowDay, nowDay.equals(dayId) ? day : Spend.NONE, nowMonth,
                nowMonth.equals(monthId) ? month : Spend.NONE);
    }

    /** The most that may be leased now: what both periods have left. */
    public long leasable(BudgetLimits limits) {
        return Math.max(0, Math.min(limits.dailyMilli() - day.committedMilli(),
                limits.monthlyMilli() - month.committedMilli()));
    }

    public WorkspaceLedger leased(long milli) {
        return new WorkspaceLedger(dayId, day.reserve(milli), monthId, month.reserve(milli));
    }

    /**
     * Applies a holder's return and charges made in the periods {@code inDay}/{@code inMonth}: only to
     * the periods that are still this ledger's (an ended period stays as it closed).
     */
    public WorkspaceLedger applied(String inDay, String inMonth, long returnMilli, long spentMilli) {
        return new WorkspaceLedger(dayId, dayId.equals(inDay) ? apply(day, returnMilli, spentMilli) : day, monthId,
                monthId.equals(inMonth) ? apply(month, returnMilli, spentMilli) : month);
    }

    private static Spend apply(Spend spend, long returnMilli, long spentMilli) {
        // Exact arithmetic: a holder only reports what it was leased, so reserved never goes below zero.
        return new Spend(spend.reservedMilli() - returnMilli - spentMilli, spend.spentMilli() + spentMilli);
    }
}
