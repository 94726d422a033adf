package io.clayenrichment.enrichment.budget;

/**
 * What one decider task has counted of a tenant's backlog, for its spend forecast: requests waiting
 * for a workspace lease, cached contacts due for a scheduled refresh, and what one attempt of the
 * tenant reserves now. One entry per tenant in the task's in-memory store {@code forecast}, written
 * on the wall clock when a figure changes; the task's own entry (key {@code ""}, never a tenant) is
 * written on every punctuation and says whether due refreshes have been counted yet and when.
 *
 * @param waitingRequests requests of the tenant waiting for a workspace lease (not reserved yet)
 * @param dueRefreshes cached contacts whose latest result is older than {@code REFRESH_AFTER} and that
 *     have no attempt in flight, as of the last complete pass over the freshness cache (0 until then)
 * @param costMilli what the tenant's next attempt reserves ({@code CREDIT_COST_PER_ENRICHMENT}, or the
 *     adaptive reservation)
 * @param refreshesCounted whether a complete pass over the freshness cache has counted due refreshes
 *     (always true with scheduled refresh off: none are due)
 * @param asOfMs when the task wrote the entry
 */
public record Backlog(long waitingRequests, long dueRefreshes, long costMilli, boolean refreshesCounted,
        long asOfMs) {

    public Backlog {
        if (waitingRequests < 0 || dueRefreshes < 0 || costMilli < 0) {
            throw new IllegalArgumentException("a backlog counts from 0: " + waitingRequests + " waiting, "
                    + dueRefreshes + " due, cost " + costMilli);
        }
    }

    /** Nothing waiting and nothing due, for a tenant the task has no entry of. */
    public static Backlog none(long costMilli, boolean refreshesCounted, long asOfMs) {
        return new Backlog(0, 0, costMilli, refreshesCounted, asOfMs);
    }

    /** Whether the figures differ from {@code other}'s, whenever each was written. */
    public boolean differsFrom(Backlog other) {
        return other == null || waitingRequests != other.waitingRequests || dueRefreshes != other.dueRefreshes
                || costMilli != other.costMilli || refreshesCounted != other.refreshesCounted;
    }
}
