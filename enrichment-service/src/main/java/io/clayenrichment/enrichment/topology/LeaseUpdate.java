package io.clayenrichment.enrichment.topology;

/**
 * What one decider task tells the owner of the workspace budget, on the single-partition
 * {@code workspace-leases} topic: credits it wants leased, credits it gives back, and what Clay
 * charged for reservations taken from its leases, all in the periods {@code dayId}/{@code monthId}.
 *
 * @param holder the task's partition, where the grant goes back to
 * @param wantMilli credits asked for (0: no ask); {@code needMilli} the least that is of use
 * @param returnMilli credits given back; negative when results cost more than their leased reservations
 *     and the lease could not cover the difference (the owner counts it: it is spent)
 * @param spentMilli what results charged for leased reservations since the last update (for the figures)
 */
public record LeaseUpdate(int holder, String dayId, String monthId, long wantMilli, long needMilli, long returnMilli,
        long spentMilli) {

    boolean asks() {
        return wantMilli > 0;
    }
}
