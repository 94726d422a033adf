package io.clayenrichment.enrichment.topology;

import static io.clayenrichment.enrichment.topology.DeciderRig.START_MS;
import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.enrichment.budget.BreakerState;
import io.clayenrichment.enrichment.budget.BudgetLimits;
import io.clayenrichment.enrichment.budget.BudgetPolicy;
import io.clayenrichment.enrichment.budget.Period;
import io.clayenrichment.enrichment.budget.Reservation;
import io.clayenrichment.enrichment.budget.Spend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A task's credit accounting: reservations, their settlement, what the next attempt reserves, the breaker. */
class BudgetBookTest {

    private static final long DAY_MS = Duration.ofDays(1).toMillis();

    private final DeciderRig rig = new DeciderRig();
    private final List<Long> settlements = new ArrayList<>();

    /** A book over the rig's stores with a daily limit of {@code dailyCredits}, told of every settlement. */
    private BudgetBook book(long dailyCredits, BudgetPolicy.Reservations reservations) {
        BudgetPolicy policy = new BudgetPolicy(new BudgetLimits(dailyCredits * 1000, 1_000_000, false), Map.of(),
                1000, 0.8, reservations);
        return new BudgetBook(policy, rig.spend, rig.budgets, rig.costs, rig.metrics,
                (reservation, actual, now) -> settlements.add(actual));
    }

    @Test
    void aReservationIsCommittedInTheCurrentPeriodsAndASettlementReplacesItByTheCharge() {
        BudgetBook budget = book(10, BudgetPolicy.Reservations.FIXED);

        Reservation reservation = budget.reserve("acme", budget.snapshot("acme", START_MS), 1000);
        assertThat(reservation.dayId()).isEqualTo(Period.DAY.idAt(START_MS));
        assertThat(rig.spend("acme", Period.DAY)).isEqualTo(new Spend(1000, 0));
        budget.settle("acme", reservation, 400, START_MS, true);

        assertThat(rig.spend("acme", Period.DAY)).isEqualTo(new Spend(0, 400));
        assertThat(rig.metrics.count("reserved/acme")).isEqualTo(1000);
        assertThat(rig.metrics.count("settled/acme")).isEqualTo(400);
        assertThat(rig.metrics.count("refunded/acme")).isEqualTo(600);
        assertThat(rig.costs.get("acme").size()).as("the charge is learnt").isEqualTo(1);
        assertThat(settlements).containsExactly(400L);
    }

    @Test
    void aReleaseGivesTheWholeReservationBackAndTeachesNothing() {
        BudgetBook budget = book(10, BudgetPolicy.Reservations.FIXED);
        Reservation reservation = budget.reserve("acme", budget.snapshot("acme", START_MS), 1000);

        budget.release("acme", reservation, START_MS);

        assertThat(rig.spend("acme", Period.DAY)).isEqualTo(Spend.NONE);
        assertThat(rig.costs.get("acme")).isNull();
        assertThat(settlements).containsExactly(0L);
    }

    @Test
    void aChargeAboveTheLimitIsSpentAndItsOvershootCounted() {
        BudgetBook budget = book(2, BudgetPolicy.Reservations.FIXED);
        Reservation reservation = budget.reserve("acme", budget.snapshot("acme", START_MS), 1000);

        budget.settle("acme", reservation, 3500, START_MS, true);

        assertThat(rig.spend("acme", Period.DAY)).isEqualTo(new Spend(0, 3500));
        assertThat(rig.metrics.count("overshoot/acme/day")).isEqualTo(1500);
        assertThat(rig.metrics.count("overshoot/acme/month")).isZero();
        assertThat(budget.snapshot("acme", START_MS).state()).isEqualTo(BreakerState.OPEN);
    }

    @Test
    void anAdaptiveReservationFollowsWhatTheTenantsResultsCost() {
        BudgetBook budget = book(100, BudgetPolicy.Reservations.ADAPTIVE);
        assertThat(budget.nextCostMilli("acme")).isEqualTo(1000);
        Reservation reservation = budget.reserve("acme", budget.snapshot("acme", START_MS), 1000);

        budget.settle("acme", reservation, 4000, START_MS, true);

        assertThat(budget.nextCostMilli("acme")).isEqualTo(4000);
        assertThat(book(100, BudgetPolicy.Reservations.FIXED).nextCostMilli("acme")).isEqualTo(1000);
    }

    @Test
    void theBreakerIsReevaluatedOnTheClockForEveryTenantTheTaskKnows() {
        BudgetBook budget = book(1, BudgetPolicy.Reservations.FIXED);
        budget.reserve("acme", budget.snapshot("acme", START_MS), 1000);
        assertThat(rig.metrics.budgets.get("acme").state()).isEqualTo(BreakerState.OPEN);

        BudgetBook restarted = book(1, BudgetPolicy.Reservations.FIXED);
        restarted.reportAll(START_MS + DAY_MS);

        assertThat(rig.metrics.budgets.get("acme").state()).as("a new day").isEqualTo(BreakerState.CLOSED);
        assertThat(rig.metrics.budgets.get("acme").day()).isEqualTo(Spend.NONE);
    }
}
