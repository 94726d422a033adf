package io.clayenrichment.enrichment.topology;

/**
 * One enrichment in flight for a contact of a tenant: its reservation (cost and the periods it was
 * taken from), its deadline, the request that started it and how many duplicates wait for its
 * result. The waiting requests themselves are kept one per entry in the waiters store, so that an
 * attempt stays small however many duplicates arrive.
 */
public record Attempt(
        String correlationId,
        long costMilli,
        String dayId,
        String monthId,
        long startedAtMs,
        long deadlineMs,
        RequestEnvelope request,
        int waiterCount) {

    public Attempt withOneMoreWaiter() {
        return new Attempt(correlationId, costMilli, dayId, monthId, startedAtMs, deadlineMs, request, waiterCount + 1);
    }

    /** The waiters-store key of this attempt's {@code index}-th waiting request. */
    public String waiterKey(String contactStoreKey, int index) {
        return contactStoreKey + TenantKeys.SEPARATOR + correlationId + TenantKeys.SEPARATOR + index;
    }
}
