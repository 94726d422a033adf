package io.clayenrichment.enrichment.refresh;

import io.clayenrichment.common.schema.EnrichmentResult;
import java.time.Duration;

/**
 * Which cached contacts are due for a refresh, and when a contact whose refresh did not bring a new
 * result (dispatcher dead letter, timeout, {@code not_found}, {@code error}) may be tried again.
 *
 * <p>A try may take up to {@code RESULT_TIMEOUT} to fail, so tries of one contact are at least twice
 * that apart; after that the wait grows with how long the contact has been overdue (a try at an
 * overdue age of 3 h waits 3 h more), so a contact that keeps failing is tried after about 1, 2, 4,
 * 8 ... hours, not every half hour until the TTL drops it.
 */
public final class RefreshRule {

    private final long afterMs;
    private final long minimumGapMs;

    public RefreshRule(Duration after, Duration resultTimeout) {
        this.afterMs = after.toMillis();
        this.minimumGapMs = 2 * resultTimeout.toMillis();
    }

    /** Whether the contact's latest successful result is old enough to be refreshed. */
    public boolean isDue(EnrichmentResult cached, long nowMs) {
        return cached.receivedAt() != null && nowMs - cached.receivedAt().toEpochMilli() >= afterMs;
    }

    /**
     * Whether a due contact may be tried now, given when its last refresh was sent (null: never). A
     * refresh sent no later than the cached result arrived is of no account: that result is as new.
     */
    public boolean mayTry(EnrichmentResult cached, Long lastSentMs, long nowMs) {
        if (lastSentMs == null || isObsolete(cached, lastSentMs)) {
            return true;
        }
        long overdueAtLastTry = lastSentMs - (cached.receivedAt().toEpochMilli() + afterMs);
        return nowMs - lastSentMs >= Math.max(minimumGapMs, overdueAtLastTry);
    }

    /** Whether the record of a refresh sent at {@code lastSentMs} no longer matters for this contact. */
    public boolean isObsolete(EnrichmentResult cached, long lastSentMs) {
        return cached == null || cached.receivedAt() == null || cached.receivedAt().toEpochMilli() >= lastSentMs;
    }
}
