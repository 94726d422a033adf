package io.clayenrichment.enrichment.budget;

import java.time.Instant;

/**
 * Whether what is queued for a tenant fits in what is left of its budget, per period: the credits
 * needed to drain it (reserved by open attempts, plus one reservation for each request waiting for a
 * workspace lease and each cached contact due for a scheduled refresh) against the limit minus what
 * results have charged. Reservations count as needed, not as spent, so {@code left} is before them.
 * Until due refreshes have been counted, {@code needed} leaves them out: it is then only a floor, and
 * {@code fits} is known only when even the floor does not fit.
 *
 * @param costMilli what one more attempt of the tenant reserves
 * @param waitingRequests requests waiting for a workspace lease
 * @param dueRefreshes cached contacts due for a refresh, null while not counted yet
 * @param asOf when the waiting requests and due refreshes were counted (null: not yet); reserved and
 *     spent credits are read as the answer is made
 */
public record SpendForecast(String tenant, PeriodForecast day, PeriodForecast month, long costMilli,
        long waitingRequests, Long dueRefreshes, Instant asOf) {

    /**
     * One period's figures, in milli-credits.
     *
     * @param reservedMilli reserved by attempts of the period still waiting for a result
     * @param queuedMilli what the waiting requests and due refreshes will reserve
     * @param neededMilli {@code reserved + queued}
     * @param leftMilli the limit minus what results charged in the period, never below 0
     * @param fits {@code needed <= left}; null while due refreshes are not counted and the rest fits
     * @param shortfallMilli {@code max(0, needed - left)}; null when {@code fits} is (a floor while not counted)
     */
    public record PeriodForecast(Period period, long reservedMilli, long queuedMilli, long neededMilli,
            long leftMilli, Boolean fits, Long shortfallMilli) {}

    public boolean refreshesCounted() {
        return dueRefreshes != null;
    }

    public PeriodForecast in(Period period) {
        return period == Period.DAY ? day : month;
    }

    /** The forecast of {@code budget} with {@code backlog} queued (its due refreshes only when counted). */
    public static SpendForecast of(BudgetSnapshot budget, Backlog backlog, Instant asOf) {
        long queued = backlog.waitingRequests() + (backlog.refreshesCounted() ? backlog.dueRefreshes() : 0);
        long queuedMilli = saturated(queued, backlog.costMilli());
        return new SpendForecast(budget.tenant(),
                period(Period.DAY, budget.limits().dailyMilli(), budget.day(), queuedMilli, backlog.refreshesCounted()),
                period(Period.MONTH, budget.limits().monthlyMilli(), budget.month(), queuedMilli,
                        backlog.refreshesCounted()),
                backlog.costMilli(), backlog.waitingRequests(),
                backlog.refreshesCounted() ? backlog.dueRefreshes() : null, asOf);
    }

    /**
     * The forecast from what a decider task's forecast store holds: {@code task}, the task's own entry
     * (whether and when it counted; null before its first count), and {@code tenant}, the tenant's
     * (null: the task had nothing of the tenant queued when it last counted).
     */
    public static SpendForecast fromStore(BudgetSnapshot budget, Backlog task, Backlog tenant,
            long defaultCostMilli) {
        boolean counted = task != null && task.refreshesCounted();
        Instant asOf = task == null ? null : Instant.ofEpochMilli(task.asOfMs());
        Backlog backlog = tenant == null ? Backlog.none(defaultCostMilli, counted, 0)
                : new Backlog(tenant.waitingRequests(), tenant.dueRefreshes(), tenant.costMilli(), counted, 0);
        return of(budget, backlog, asOf);
    }

    /** The forecast of a tenant no task holds anything of: only its budget, nothing queued, nothing cached. */
    public static SpendForecast nothingQueued(BudgetSnapshot budget, long costMilli, Instant now) {
        return of(budget, Backlog.none(costMilli, true, now.toEpochMilli()), now);
    }

    private static PeriodForecast period(Period period, long limitMilli, Spend spend, long queuedMilli,
            boolean counted) {
        long needed = saturatedSum(spend.reservedMilli(), queuedMilli);
        long left = Math.max(0, limitMilli - spend.spentMilli());
        long shortfall = Math.max(0, needed - left);
        if (!counted && shortfall == 0) {
            // due refreshes may take it over: unknown until they are counted
            return new PeriodForecast(period, spend.reservedMilli(), queuedMilli, needed, left, null, null);
        }
        return new PeriodForecast(period, spend.reservedMilli(), queuedMilli, needed, left, shortfall == 0,
                shortfall);
    }

    private static long saturated(long count, long costMilli) {
        long high = Math.multiplyHigh(count, costMilli);
        long product = count * costMilli;
        return high != 0 || product < 0 ? Long.MAX_VALUE : product;
    }

    private static long saturatedSum(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
