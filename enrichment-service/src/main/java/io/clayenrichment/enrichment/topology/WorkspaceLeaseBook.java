package io.clayenrichment.enrichment.topology;

import io.clayenrichment.enrichment.budget.BudgetOverride;
import io.clayenrichment.enrichment.budget.Period;
import io.clayenrichment.enrichment.budget.Reservation;
import io.clayenrichment.enrichment.budget.WorkspaceBudget;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A decider task's side of the workspace budget: attempts reserve from the task's lease; when it has
 * too little, requests wait (in a changelogged store, in arrival order) while the task asks the owner
 * for more; what Clay did not charge goes back to the lease, an idle lease and the rest of an ended
 * period go back to the owner. Every change is in the task's stores and its messages to the owner, in
 * one transaction, so a crash neither loses nor doubles a credit.
 */
final class WorkspaceLeaseBook {

    /** What an attempt may do about the workspace budget. */
    enum Take {
        /** Its cost is reserved from the lease. */
        TAKEN,
        /** The lease has too little: wait for the owner's answer. */
        WAIT,
        /** The owner has refused: the workspace budget is exhausted or forced open. */
        REFUSED
    }

    /** An ask is this many attempts' worth at first, and doubles while the task keeps needing more. */
    private static final int FIRST_ASK_ATTEMPTS = 16;
    private static final int MOST_ASK_ATTEMPTS = 4096;

    private final WorkspaceBudget workspace;
    private final int holder;
    private final long initialWantMilli;
    private final long mostWantMilli;
    private final long idleAfterMs;
    private final KeyValueStore<String, WorkspaceLease> leases;
    private final KeyValueStore<String, TenantEvent> waiting;
    private final KeyValueStore<String, BudgetOverride> overrides;
    private final Consumer<LeaseUpdate> send;
    private WorkspaceLease lease;
    private boolean releasing;
    /**
     * Waiting requests per tenant, for the spend forecast: counted from the store once when the book is
     * made (the processor is initialised after every restore), then kept with each park and release.
     */
    private final Map<String, Long> waitingByTenant = new HashMap<>();

    WorkspaceLeaseBook(WorkspaceBudget workspace, int holder, long costMilli, long idleAfterMs,
            KeyValueStore<String, WorkspaceLease> leases, KeyValueStore<String, TenantEvent> waiting,
            KeyValueStore<String, BudgetOverride> overrides, Consumer<LeaseUpdate> send) {
        this.workspace = workspace;
        this.holder = holder;
        this.initialWantMilli = FIRST_ASK_ATTEMPTS * costMilli;
        this.mostWantMilli = MOST_ASK_ATTEMPTS * costMilli;
        this.idleAfterMs = idleAfterMs;
        this.leases = leases;
        this.waiting = waiting;
        this.overrides = overrides;
        this.send = send;
        this.lease = leases.get(StoreNames.WORKSPACE_KEY);
        try (KeyValueIterator<String, TenantEvent> all = waiting.all()) {
            all.forEachRemaining(entry -> countWaiting(entry.value, 1));
        }
    }

    /** Requests of {@code tenant} waiting for a lease now. */
    long waitingOf(String tenant) {
        return waitingByTenant.getOrDefault(tenant, 0L);
    }

    /** The tenants with requests waiting for a lease now. */
    Set<String> waitingTenants() {
        return waitingByTenant.keySet();
    }

    private void countWaiting(TenantEvent parked, long change) {
        if (parked instanceof RequestEnvelope request) {
            long count = waitingByTenant.getOrDefault(request.tenant(), 0L) + change;
            if (count > 0) {
                waitingByTenant.put(request.tenant(), count);
            } else {
                waitingByTenant.remove(request.tenant());
            }
        }
    }

    boolean enabled() {
        return workspace.enabled();
    }

    /** Whether requests wait for a grant (new ones then wait behind them, in order). */
    boolean hasWaiting() {
        return !releasing && lease != null && lease.hasWaiting();
    }

    /** Reserves {@code costMilli} from the lease if it can; asks the owner for more when it cannot. */
    Take take(long costMilli, long nowMs) {
        WorkspaceLease current = current(nowMs);
        BudgetOverride override = overrides.get(WorkspaceBudget.OVERRIDE_KEY);
        if (override != null && override.forced()) {
            return Take.REFUSED;
        }
        if (!hasWaiting() && current.availableMilli() >= costMilli) {
            store(current.taken(costMilli, nowMs));
            return Take.TAKEN;
        }
        if (current.refusedUntilMs() > nowMs) {
            return Take.REFUSED;
        }
        ask(costMilli);
        return Take.WAIT;
    }

    /** Why the last {@link #take} was refused, for the dead letter. */
    String refusal() {
        BudgetOverride override = overrides.get(WorkspaceBudget.OVERRIDE_KEY);
        if (override != null && override.forced()) {
            return "credit breaker of the workspace is forced open by an operator";
        }
        return lease == null || lease.refusal() == null ? "the workspace budget is exhausted" : lease.refusal();
    }

    /** Whether the last refusal was the operator's switch rather than the limits. */
    boolean forcedOpen() {
        BudgetOverride override = overrides.get(WorkspaceBudget.OVERRIDE_KEY);
        return override != null && override.forced();
    }

    /** Keeps a request until the owner answers; {@code needMilli} is its cost. */
    void park(RequestEnvelope request, long needMilli) {
        waiting.put(key(lease.nextWaiting()), request);
        countWaiting(request, 1);
        store(lease.queued(needMilli));
    }

    /** Gives back a reservation taken by {@link #take} whose attempt could not start. */
    void untake(long costMilli) {
        store(lease.withAvailable(lease.availableMilli() + costMilli));
    }

    /**
     * The owner's answer. Credits for periods that are no longer the task's go straight back; waiting
     * requests are then decided again in order: {@code decideAgain} answers false when one has to
     * wait again, which keeps it (and those behind it) waiting.
     */
    void granted(LeaseGrant grant, long nowMs, Predicate<RequestEnvelope> decideAgain) {
        WorkspaceLease current = current(nowMs);
        if (!current.isFor(grant.dayId(), grant.monthId())) {
            if (grant.grantedMilli() > 0) {
                send.accept(new LeaseUpdate(holder, grant.dayId(), grant.monthId(), 0, 0, grant.grantedMilli(), 0));
            }
            store(current.answered(0, current.refusedUntilMs(), current.refusal()));
        } else if (grant.refused()) {
            store(current.answered(0, nowMs + idleAfterMs, grant.refusal()));
        } else {
            store(current.answered(grant.grantedMilli(), 0, null));
        }
        releaseWaiting(decideAgain);
    }

    private void releaseWaiting(Predicate<RequestEnvelope> decideAgain) {
        releasing = true;
        try {
            while (lease.hasWaiting()) {
                String key = key(lease.firstWaiting());
                TenantEvent parked = waiting.get(key);
                if (parked instanceof RequestEnvelope request && !decideAgain.test(request)) {
                    return;
                }
                waiting.delete(key);
                countWaiting(parked, -1);
                store(lease.dequeued(lease.needMilli()));
            }
        } finally {
            releasing = false;
        }
    }

    /**
     * A reservation's settlement: what Clay did not charge goes back to the lease when it was taken in
     * the lease's periods, else to the owner; a charge above the reservation that the lease cannot
     * cover is told to the owner, which counts it. A reservation taken from no lease (made before the
     * workspace budget was on) is charged to the workspace whole.
     */
    void settled(Reservation reservation, long actualMilli, long nowMs) {
        if (!enabled()) {
            return;
        }
        WorkspaceLease current = current(nowMs);
        if (!reservation.leased()) {
            send.accept(new LeaseUpdate(holder, reservation.dayId(), reservation.monthId(), 0, 0, -actualMilli,
                    actualMilli));
            return;
        }
        if (!current.isFor(reservation.dayId(), reservation.monthId())) {
            send.accept(new LeaseUpdate(holder, reservation.dayId(), reservation.monthId(), 0, 0,
                    reservation.costMilli() - actualMilli, actualMilli));
            return;
        }
        long available = current.availableMilli() + reservation.costMilli() - actualMilli;
        long spent = current.unreportedSpentMilli() + actualMilli;
        if (available < 0) {
            send.accept(new LeaseUpdate(holder, current.dayId(), current.monthId(), 0, 0, available, spent));
            store(current.withSpent(0, 0));
        } else {
            store(current.withSpent(available, spent));
        }
    }

    /**
     * On the wall clock: asks again for waiting requests once a refusal has passed, gives an idle
     * lease back, and reports what results charged.
     */
    void onClock(long nowMs, Predicate<RequestEnvelope> decideAgain) {
        if (!enabled()) {
            return;
        }
        WorkspaceLease current = current(nowMs);
        if (current.hasWaiting()) {
            if (current.askedMilli() == 0 && current.refusedUntilMs() <= nowMs) {
                // Still refused after the pause: decide them again, which dead-letters or asks.
                releaseWaiting(decideAgain);
            }
            return;
        }
        boolean idle = nowMs - current.lastTakeMs() >= idleAfterMs;
        if ((idle && current.availableMilli() > 0) || current.unreportedSpentMilli() > 0) {
            long giveBack = idle ? current.availableMilli() : 0;
            send.accept(new LeaseUpdate(holder, current.dayId(), current.monthId(), 0, 0, giveBack,
                    current.unreportedSpentMilli()));
            store(idle ? current.returned(initialWantMilli) : current.withSpent(current.availableMilli(), 0));
        }
    }

    private void ask(long needMilli) {
        if (lease.askedMilli() > 0) {
            return;
        }
        long want = Math.max(lease.wantMilli(), needMilli);
        send.accept(new LeaseUpdate(holder, lease.dayId(), lease.monthId(), want, needMilli, 0,
                lease.unreportedSpentMilli()));
        store(lease.asked(want, Math.min(mostWantMilli, want * 2), needMilli));
    }

    /** The lease in the periods of {@code nowMs}; an ended period's credits and figures go back first. */
    private WorkspaceLease current(long nowMs) {
        String day = Period.DAY.idAt(nowMs);
        String month = Period.MONTH.idAt(nowMs);
        if (lease == null) {
            store(WorkspaceLease.empty(day, month, initialWantMilli));
        } else if (!lease.isFor(day, month)) {
            if (lease.availableMilli() > 0 || lease.unreportedSpentMilli() > 0) {
                send.accept(new LeaseUpdate(holder, lease.dayId(), lease.monthId(), 0, 0, lease.availableMilli(),
                        lease.unreportedSpentMilli()));
            }
            store(lease.renewedFor(day, month, initialWantMilli));
        }
        return lease;
    }

    private void store(WorkspaceLease changed) {
        lease = changed;
        leases.put(StoreNames.WORKSPACE_KEY, changed);
    }

    private static String key(long sequence) {
        return String.format(java.util.Locale.ROOT, "%019d", sequence);
    }
}
