package io.clayenrichment.enrichment.topology;

import io.clayenrichment.enrichment.budget.Reservation;

/**
 * One enrichment in flight for a contact of a tenant: its reservation, its deadline, the request
 * that started it, how many duplicates wait for its result, and whether the dispatcher has said its
 * row may have reached Clay. The waiting requests themselves are kept one per entry in the waiters
 * store, so that an attempt stays small however many duplicates arrive.
 *
 * @param sent a {@code sending} (or later) receipt arrived: Clay may have the row and may charge it
 */
public record Attempt(
        String correlationId,
        Reservation reservation,
        long startedAtMs,
        long deadlineMs,
        RequestEnvelope request,
        int waiterCount,
        boolean sent) {

    public Attempt withOneMoreWaiter() {
        return new Attempt(correlationId, reservation, startedAtMs, deadlineMs, request, waiterCount + 1, sent);
    }

    public Attempt markedSent() {
        return sent ? this : new Attempt(correlationId, reservation, startedAtMs, deadlineMs, request, waiterCount, true);
    }

    /** The waiters-store key of this attempt's {@code index}-th waiting request. */
    public String waiterKey(String contactStoreKey, int index) {
        return contactStoreKey + TenantKeys.SEPARATOR + correlationId + TenantKeys.SEPARATOR + index;
    }
}
