package io.clayenrichment.enrichment.dispatch;

import java.util.function.LongSupplier;

/**
 * A token bucket: tokens refill continuously at {@code rate} per second up to {@code burst}, and each
 * request takes one. Over any window of length w it grants at most {@code burst + rate * w}.
 *
 * <p>It starts empty, not full: a new instance (or one whose share just grew) must not add a burst of
 * its own on top of the tokens Clay's bucket already counted against the workspace.
 */
final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1e9;

    private final LongSupplier nanoClock;
    private double ratePerSecond;
    private double burst;
    private double tokens;
    private long lastRefill;

    TokenBucket(double ratePerSecond, double burst, LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.lastRefill = nanoClock.getAsLong();
        configure(ratePerSecond, burst);
    }

    /** Takes a token and answers 0, or answers how many nanoseconds until one is available. */
    synchronized long tryAcquire() {
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / ratePerSecond * NANOS_PER_SECOND));
    }

    /** A new rate and burst (a rebalance changed this instance's share); tokens above the new burst are dropped. */
    synchronized void reconfigure(double ratePerSecond, double burst) {
        refill();
        configure(ratePerSecond, burst);
    }

    /** Forgets every saved token: Clay said 429, so its bucket is empty whatever ours believed. */
    synchronized void drain() {
        refill();
        tokens = 0;
    }

    synchronized double available() {
        refill();
        return tokens;
    }

    synchronized double ratePerSecond() {
        return ratePerSecond;
    }

    synchronized double burst() {
        return burst;
    }

    private void configure(double rate, double capacity) {
        if (!(rate > 0) || !(capacity >= 1)) {
            throw new IllegalArgumentException("a token bucket needs a rate above 0 and a burst of at least 1, got "
                    + rate + " and " + capacity);
        }
        this.ratePerSecond = rate;
        this.burst = capacity;
        this.tokens = Math.min(tokens, capacity);
    }

    private void refill() {
        long now = nanoClock.getAsLong();
        long elapsed = now - lastRefill;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed / NANOS_PER_SECOND * ratePerSecond);
            lastRefill = now;
        }
    }
}
