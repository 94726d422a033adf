package io.clayenrichment.enrichment.topology;

import io.clayenrichment.enrichment.budget.BudgetLimits;
import io.clayenrichment.enrichment.budget.BudgetOverride;
import io.clayenrichment.enrichment.budget.BudgetPolicy;
import io.clayenrichment.enrichment.budget.BudgetSnapshot;
import io.clayenrichment.enrichment.budget.Credits;
import io.clayenrichment.enrichment.budget.Period;
import io.clayenrichment.enrichment.budget.RecentCosts;
import io.clayenrichment.enrichment.budget.Reservation;
import io.clayenrichment.enrichment.budget.Spend;
import io.clayenrichment.enrichment.budget.TenantSpend;
import io.clayenrichment.enrichment.metrics.TopologyMetrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The credit accounting of one decider task: each tenant's spend in its current day and month,
 * reservations and their settlement, what the next attempt reserves, and the breaker state each
 * change leads to (logged when it changes, always exported as metrics).
 */
final class BudgetBook {

    private static final Logger LOG = LoggerFactory.getLogger(BudgetBook.class);

    private final BudgetPolicy policy;
    private final SpendBook spend;
    private final KeyValueStore<String, BudgetOverride> overrides;
    private final KeyValueStore<String, RecentCosts> costs;
    private final TopologyMetrics metrics;
    private final Map<String, BudgetSnapshot> lastReported = new HashMap<>();
    private final Settlements settlements;

    /** Told of every settlement, after the tenant's spend took it (the workspace lease follows it). */
    interface Settlements {
        void settled(Reservation reservation, long actualMilli, long nowMs);
    }

    BudgetBook(BudgetPolicy policy, KeyValueStore<String, TenantSpend> spendStore,
            KeyValueStore<String, BudgetOverride> overrides, KeyValueStore<String, RecentCosts> costs,
            TopologyMetrics metrics) {
        this(policy, spendStore, overrides, costs, metrics, (reservation, actual, now) -> {});
    }

    BudgetBook(BudgetPolicy policy, KeyValueStore<String, TenantSpend> spendStore,
            KeyValueStore<String, BudgetOverride> overrides, KeyValueStore<String, RecentCosts> costs,
            TopologyMetrics metrics, Settlements settlements) {
        this.settlements = settlements;
        this.policy = policy;
        this.spend = new SpendBook(spendStore);
        this.overrides = overrides;
        this.costs = costs;
        this.metrics = metrics;
        try (KeyValueIterator<String, TenantSpend> all = spendStore.all()) {
            all.forEachRemaining(entry -> lastReported.putIfAbsent(entry.key, null));
        }
    }

    /** What the tenant's next attempt reserves. */
    long nextCostMilli(String tenant) {
        if (policy.reservations() == BudgetPolicy.Reservations.FIXED) {
            return policy.costMilli();
        }
        RecentCosts recent = costs.get(tenant);
        return policy.reservationMilli(recent == null ? RecentCosts.NONE : recent);
    }

    /** The tenant's budget now; a tenant seen for the first time gets an empty spend entry, so it stays known. */
    BudgetSnapshot snapshot(String tenant, long nowMs) {
        return snapshotOf(tenant, current(tenant, nowMs));
    }

    /** Reserves the next attempt's cost, which {@code budget} (taken just before) allows. */
    Reservation reserve(String tenant, BudgetSnapshot budget, long costMilli) {
        return reserve(tenant, budget, costMilli, false);
    }

    /** As {@link #reserve(String, BudgetSnapshot, long)}; {@code leased}: its cost came from the workspace lease. */
    Reservation reserve(String tenant, BudgetSnapshot budget, long costMilli, boolean leased) {
        TenantSpend reserved = new TenantSpend(budget.dayId(), budget.day(), budget.monthId(), budget.month())
                .reserve(costMilli);
        spend.put(tenant, reserved);
        metrics.creditsReserved(tenant, costMilli);
        report(snapshotOf(tenant, reserved));
        return new Reservation(costMilli, budget.dayId(), budget.monthId(), leased);
    }

    /**
     * Replaces a reservation by what Clay charged for it, in the periods it was reserved in, even
     * when that takes a period over its limit (the credits are spent; the overshoot is counted).
     * {@code learn}: the charge is a real result's, so the tenant's next reservations follow it.
     */
    void settle(String tenant, Reservation reservation, long actualMilli, long nowMs, boolean learn) {
        TenantSpend before = current(tenant, nowMs);
        TenantSpend after = before.settle(reservation, actualMilli);
        spend.put(tenant, after);
        metrics.creditsSettled(tenant, actualMilli);
        if (actualMilli < reservation.costMilli()) {
            metrics.creditsRefunded(tenant, reservation.costMilli() - actualMilli);
        }
        BudgetLimits limits = limitsOf(tenant);
        for (Period period : Period.values()) {
            long overshoot = overshoot(limits.limitMilli(period), before.in(period, reservation),
                    after.in(period, reservation));
            if (overshoot > 0) {
                metrics.creditsOvershoot(tenant, period, overshoot);
                LOG.warn("tenant {} spent {} credits over its {} budget of {}: a result charged {} against a"
                        + " reservation of {}", tenant, Credits.format(overshoot), period.wire(),
                        Credits.format(limits.limitMilli(period)), Credits.format(actualMilli),
                        Credits.format(reservation.costMilli()));
            }
        }
        if (learn) {
            RecentCosts recent = costs.get(tenant);
            costs.put(tenant, (recent == null ? RecentCosts.NONE : recent).with(actualMilli));
        }
        settlements.settled(reservation, actualMilli, nowMs);
        report(snapshotOf(tenant, after));
    }

    /** Gives a reservation back: the row never reached Clay, so nothing was charged. */
    void release(String tenant, Reservation reservation, long nowMs) {
        settle(tenant, reservation, 0, nowMs, false);
    }

    /**
     * Re-evaluates every tenant this task has seen: periods end on the clock, not on records. Returns
     * their budgets now.
     */
    List<BudgetSnapshot> reportAll(long nowMs) {
        List<BudgetSnapshot> snapshots = new ArrayList<>(lastReported.size());
        for (String tenant : List.copyOf(lastReported.keySet())) {
            BudgetSnapshot snapshot = snapshot(tenant, nowMs);
            report(snapshot);
            snapshots.add(snapshot);
        }
        return snapshots;
    }

    /** The tenants this task has seen (each has a spend entry). */
    java.util.Set<String> tenants() {
        return lastReported.keySet();
    }

    void report(BudgetSnapshot snapshot) {
        BudgetSnapshot previous = lastReported.put(snapshot.tenant(), snapshot);
        if (previous == null || previous.state() != snapshot.state()) {
            LOG.info("credit breaker of tenant {} is {} (day {}: {} of {} committed; month {}: {} of {})",
                    snapshot.tenant(), snapshot.state().wire(), snapshot.dayId(),
                    Credits.format(snapshot.day().committedMilli()), Credits.format(snapshot.limits().dailyMilli()),
                    snapshot.monthId(), Credits.format(snapshot.month().committedMilli()),
                    Credits.format(snapshot.limits().monthlyMilli()));
        }
        metrics.budget(snapshot);
    }

    /** What a settlement added above the limit (none for a period that has ended). */
    private static long overshoot(long limitMilli, Spend before, Spend after) {
        if (before == null || after == null) {
            return 0;
        }
        return Math.max(0, after.committedMilli() - Math.max(limitMilli, before.committedMilli()));
    }

    private TenantSpend current(String tenant, long nowMs) {
        TenantSpend stored = spend.get(tenant);
        if (stored == null) {
            TenantSpend fresh = TenantSpend.startingAt(nowMs);
            spend.put(tenant, fresh);
            return fresh;
        }
        TenantSpend rolled = stored.rolledTo(nowMs);
        if (rolled != stored) {
            spend.put(tenant, rolled);
        }
        return rolled;
    }

    private BudgetLimits limitsOf(String tenant) {
        return policy.limitsFor(tenant, overrides.get(tenant));
    }

    private BudgetSnapshot snapshotOf(String tenant, TenantSpend current) {
        return policy.snapshot(tenant, limitsOf(tenant), current.dayId(), current.day(), current.monthId(),
                current.month(), nextCostMilli(tenant));
    }
}
