package io.clayenrichment.enrichment.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.testing.Seeds;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The spend forecast's arithmetic: needed, left, fits and shortfall per period, counted or not. */
class SpendForecastTest {

    private static final Instant AS_OF = Instant.parse("2026-11-27T10:00:00Z");
    private static final long AS_OF_MS = AS_OF.toEpochMilli();
    /** 10 credits a day, 100 a month, 1 credit an enrichment. */
    private static final BudgetPolicy POLICY = new BudgetPolicy(new BudgetLimits(10_000, 100_000, false), Map.of(),
            1000, 0.8);

    private static BudgetSnapshot budget(Spend day, Spend month) {
        return POLICY.snapshot("acme", POLICY.limitsFor("acme", null), "2026-11-27", day, "2026-11", month);
    }

    @Test
    void neededIsReservedPlusWaitingAndDueAtTheCostAndLeftIsTheLimitMinusSpent() {
        // day: 4 spent, 3 reserved; 2 waiting and 5 due at 1.5 each
        SpendForecast forecast = SpendForecast.of(budget(new Spend(3000, 4000), new Spend(3000, 40_000)),
                new Backlog(2, 5, 1500, true, AS_OF_MS), AS_OF);

        assertThat(forecast.day()).isEqualTo(new SpendForecast.PeriodForecast(Period.DAY, 3000, 10_500, 13_500, 6000,
                false, 7500L));
        assertThat(forecast.month()).isEqualTo(new SpendForecast.PeriodForecast(Period.MONTH, 3000, 10_500, 13_500,
                60_000, true, 0L));
        assertThat(forecast.waitingRequests()).isEqualTo(2);
        assertThat(forecast.dueRefreshes()).isEqualTo(5);
        assertThat(forecast.refreshesCounted()).isTrue();
        assertThat(forecast.costMilli()).isEqualTo(1500);
        assertThat(forecast.asOf()).isEqualTo(AS_OF);
    }

    @Test
    void exactlyWhatIsLeftFits() {
        SpendForecast forecast = SpendForecast.of(budget(new Spend(2000, 5000), new Spend(2000, 5000)),
                new Backlog(1, 2, 1000, true, AS_OF_MS), AS_OF);

        assertThat(forecast.day().neededMilli()).isEqualTo(5000);
        assertThat(forecast.day().leftMilli()).isEqualTo(5000);
        assertThat(forecast.day().fits()).isTrue();
        assertThat(forecast.day().shortfallMilli()).isZero();
    }

    @Test
    void leftNeverGoesBelowZeroWhenResultsChargedPastTheLimit() {
        SpendForecast forecast = SpendForecast.of(budget(new Spend(0, 12_000), new Spend(0, 12_000)),
                new Backlog(0, 0, 1000, true, AS_OF_MS), AS_OF);

        assertThat(forecast.day().leftMilli()).isZero();
        assertThat(forecast.day().fits()).as("nothing queued fits in nothing").isTrue();
        assertThat(forecast.day().shortfallMilli()).isZero();
    }

    @Test
    void withRefreshOffNothingIsDueAndTheCountIsKnown() {
        // what the decider publishes with REFRESH_AFTER unset: counted from the start, none due
        SpendForecast forecast = SpendForecast.fromStore(budget(new Spend(1000, 0), new Spend(1000, 0)),
                Backlog.none(0, true, AS_OF_MS), new Backlog(3, 0, 1000, true, AS_OF_MS), 1000);

        assertThat(forecast.refreshesCounted()).isTrue();
        assertThat(forecast.dueRefreshes()).isZero();
        assertThat(forecast.day().neededMilli()).isEqualTo(4000);
        assertThat(forecast.day().fits()).isTrue();
    }

    @Test
    void untilDueRefreshesAreCountedNeededIsAFloorAndFitsIsKnownOnlyWhenTheFloorDoesNotFit() {
        Backlog notCounted = new Backlog(2, 0, 1000, false, AS_OF_MS);

        SpendForecast fitsSoFar = SpendForecast.of(budget(new Spend(1000, 0), new Spend(1000, 0)), notCounted, AS_OF);
        assertThat(fitsSoFar.refreshesCounted()).isFalse();
        assertThat(fitsSoFar.dueRefreshes()).isNull();
        assertThat(fitsSoFar.day().neededMilli()).isEqualTo(3000);
        assertThat(fitsSoFar.day().fits()).as("due refreshes may not fit").isNull();
        assertThat(fitsSoFar.day().shortfallMilli()).isNull();

        SpendForecast over = SpendForecast.of(budget(new Spend(3000, 6000), new Spend(3000, 6000)), notCounted, AS_OF);
        assertThat(over.day().fits()).as("even without refreshes it does not fit").isFalse();
        assertThat(over.day().shortfallMilli()).as("at least").isEqualTo(1000);
        assertThat(over.month().fits()).isNull();
    }

    @Test
    void aDueCountOfAnUnfinishedPassIsNeverUsed() {
        SpendForecast forecast = SpendForecast.of(budget(Spend.NONE, Spend.NONE), new Backlog(0, 7, 1000, false,
                AS_OF_MS), AS_OF);

        assertThat(forecast.day().queuedMilli()).isZero();
        assertThat(forecast.dueRefreshes()).isNull();
    }

    @Test
    void fromTheStoreTheTasksEntrySaysWhetherAndWhenAndATenantWithoutEntryHasNothingQueued() {
        BudgetSnapshot budget = budget(new Spend(2000, 0), new Spend(2000, 0));

        SpendForecast noTaskYet = SpendForecast.fromStore(budget, null, null, 1000);
        assertThat(noTaskYet.refreshesCounted()).isFalse();
        assertThat(noTaskYet.asOf()).isNull();

        SpendForecast unseen = SpendForecast.fromStore(budget, Backlog.none(0, true, AS_OF_MS), null, 1000);
        assertThat(unseen.refreshesCounted()).isTrue();
        assertThat(unseen.waitingRequests()).isZero();
        assertThat(unseen.dueRefreshes()).isZero();
        assertThat(unseen.day().neededMilli()).isEqualTo(2000);
        assertThat(unseen.asOf()).isEqualTo(AS_OF);

        // a tenant entry written before the pass ended, read after the task's entry says counted: counted
        SpendForecast counted = SpendForecast.fromStore(budget, Backlog.none(0, true, AS_OF_MS + 1000),
                new Backlog(1, 4, 2000, false, AS_OF_MS), 1000);
        assertThat(counted.dueRefreshes()).isEqualTo(4);
        assertThat(counted.day().neededMilli()).isEqualTo(2000 + 5 * 2000);
        assertThat(counted.asOf()).isEqualTo(AS_OF.plusSeconds(1));
    }

    @Test
    void aTenantNobodyHoldsHasOnlyItsBudget() {
        SpendForecast forecast = SpendForecast.nothingQueued(budget(Spend.NONE, Spend.NONE), 1000, AS_OF);

        assertThat(forecast.day()).isEqualTo(new SpendForecast.PeriodForecast(Period.DAY, 0, 0, 0, 10_000, true, 0L));
        assertThat(forecast.refreshesCounted()).isTrue();
    }

    @Test
    void hugeBacklogsSaturateRatherThanWrap() {
        SpendForecast forecast = SpendForecast.of(budget(new Spend(5000, 0), new Spend(5000, 0)),
                new Backlog(Long.MAX_VALUE / 2, Long.MAX_VALUE / 2, 1_000_000, true, AS_OF_MS), AS_OF);

        assertThat(forecast.day().neededMilli()).isEqualTo(Long.MAX_VALUE);
        assertThat(forecast.day().fits()).isFalse();
    }

    /**
     * For any spend, limits, cost and backlog: needed, left and shortfall follow their definitions per
     * period, fits holds exactly when there is no shortfall, the floor of an uncounted forecast never
     * exceeds the counted one, and counting more due refreshes never makes a period fit that did not.
     */
    @Test
    void theFiguresFollowTheirDefinitionsForAnyBudgetAndBacklog() {
        Seeds.check(2000, random -> {
            long daily = random.nextInt(50) * 500L;
            long monthly = daily + random.nextInt(200) * 500L;
            long cost = 1 + random.nextInt(5000);
            BudgetPolicy policy = new BudgetPolicy(new BudgetLimits(daily, monthly, random.nextInt(10) == 0),
                    Map.of(), cost, 0.8);
            Spend day = new Spend(random.nextInt(20) * 250L, random.nextInt(60) * 250L);
            Spend month = new Spend(day.reservedMilli() + random.nextInt(10) * 250L,
                    day.spentMilli() + random.nextInt(200) * 250L);
            BudgetSnapshot budget = policy.snapshot("t", policy.limitsFor("t", null), "2026-11-27", day, "2026-11",
                    month);
            long waiting = random.nextInt(30);
            long due = random.nextInt(30);
            Backlog backlog = new Backlog(waiting, due, cost, true, AS_OF_MS);
            String trace = "limits " + daily + "/" + monthly + ", cost " + cost + ", day " + day + ", month " + month
                    + ", waiting " + waiting + ", due " + due;

            SpendForecast counted = SpendForecast.of(budget, backlog, AS_OF);
            SpendForecast floor = SpendForecast.of(budget, new Backlog(waiting, due, cost, false, AS_OF_MS), AS_OF);
            SpendForecast moreDue = SpendForecast.of(budget, new Backlog(waiting, due + 1 + random.nextInt(10), cost,
                    true, AS_OF_MS), AS_OF);
            for (Period period : Period.values()) {
                Spend spend = period == Period.DAY ? day : month;
                long limit = period == Period.DAY ? daily : monthly;
                SpendForecast.PeriodForecast figures = counted.in(period);
                assertThat(figures.reservedMilli()).as(trace).isEqualTo(spend.reservedMilli());
                assertThat(figures.queuedMilli()).as(trace).isEqualTo((waiting + due) * cost);
                assertThat(figures.neededMilli()).as(trace).isEqualTo(spend.reservedMilli() + (waiting + due) * cost);
                assertThat(figures.leftMilli()).as(trace).isEqualTo(Math.max(0, limit - spend.spentMilli()));
                assertThat(figures.shortfallMilli()).as(trace)
                        .isEqualTo(Math.max(0, figures.neededMilli() - figures.leftMilli()));
                assertThat(figures.fits()).as(trace).isEqualTo(figures.neededMilli() <= figures.leftMilli());
                assertThat(figures.fits()).as(trace).isEqualTo(figures.shortfallMilli() == 0);

                SpendForecast.PeriodForecast lower = floor.in(period);
                assertThat(lower.neededMilli()).as(trace).isLessThanOrEqualTo(figures.neededMilli());
                assertThat(lower.neededMilli()).as(trace).isEqualTo(spend.reservedMilli() + waiting * cost);
                assertThat(lower.leftMilli()).as(trace).isEqualTo(figures.leftMilli());
                if (lower.fits() != null) {
                    // known only when even the floor does not fit: then the counted forecast does not either
                    assertThat(lower.fits()).as(trace).isFalse();
                    assertThat(figures.fits()).as(trace).isFalse();
                    assertThat(lower.shortfallMilli()).as(trace).isLessThanOrEqualTo(figures.shortfallMilli());
                } else {
                    assertThat(lower.neededMilli()).as(trace).isLessThanOrEqualTo(lower.leftMilli());
                    assertThat(lower.shortfallMilli()).as(trace).isNull();
                }
                if (!figures.fits()) {
                    assertThat(moreDue.in(period).fits()).as(trace).isFalse();
                }
                assertThat(moreDue.in(period).shortfallMilli()).as(trace)
                        .isGreaterThanOrEqualTo(figures.shortfallMilli());
            }
        });
    }
}
