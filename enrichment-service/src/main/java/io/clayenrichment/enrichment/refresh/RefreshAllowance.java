package io.clayenrichment.enrichment.refresh;

import java.time.Duration;

/**
 * How many refreshes one task may send now: the task's rate accrues with the wall clock and fractions
 * carry over, but what is saved stays under one punctuation's worth plus one refresh, so a long pause
 * or a quiet spell never turns into a burst: a punctuation sends at most {@code ceil(rate x interval)}
 * (at least one), and over any stretch of time a task sends at most its rate times the time plus that.
 * Punctuations on time lose nothing; a late one loses what it accrued beyond the cap.
 */
public final class RefreshAllowance {

    private final double perMilli;
    private final double cap;
    private double available;
    private long lastMs = Long.MIN_VALUE;

    public RefreshAllowance(double perSecond, Duration interval) {
        this.perMilli = perSecond / 1000;
        // just under one more than a punctuation's worth: a carried fraction is kept, a whole spare refresh is not
        this.cap = 1 + perSecond * interval.toMillis() / 1000.0 - 1e-9;
    }

    /** Adds what the time since the previous call earned; the first call only starts the clock. */
    public void accrue(long nowMs) {
        if (lastMs != Long.MIN_VALUE && nowMs > lastMs) {
            available = Math.min(cap, available + (nowMs - lastMs) * perMilli);
        }
        lastMs = Math.max(lastMs, nowMs);
    }

    /** Takes one refresh if a whole one is available. */
    public boolean tryTake() {
        if (available >= 1) {
            available -= 1;
            return true;
        }
        return false;
    }
}
