package io.clayenrichment.sandbox.webhook;

import io.clayenrichment.sandbox.faults.RateLimit;
import java.util.function.LongSupplier;

/**
 * The workspace rate limit: a bucket of at most {@code burst} tokens refilled continuously at
 * {@code perSecond}. The limit is passed on every call so a runtime override takes effect at once.
 * Time comes from a nanosecond ticker so tests can freeze it.
 */
public final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1_000_000_000d;
    private static final double ROUNDING = 1e-9;

    private final LongSupplier nanoTicker;
    private double tokens = Double.NaN;
    private long lastRefill;

    public TokenBucket(LongSupplier nanoTicker) {
        this.nanoTicker = nanoTicker;
    }

    /**
     * Takes one token if there is one and answers 0; otherwise answers how many nanoseconds until the
     * next token, and takes nothing (a refused request does not cost the client a token).
     */
    public synchronized long tryTake(RateLimit limit) {
        long now = nanoTicker.getAsLong();
        if (Double.isNaN(tokens)) {
            tokens = limit.burst();
        } else {
            double refill = (now - lastRefill) / NANOS_PER_SECOND * limit.perSecond();
            tokens = Math.min(limit.burst(), tokens + Math.max(0, refill));
        }
        lastRefill = now;
        // A client that waited exactly the advised time must get its token despite rounding.
        if (tokens >= 1 - ROUNDING) {
            tokens = Math.max(0, tokens - 1);
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / limit.perSecond() * NANOS_PER_SECOND);
    }

    /** A full bucket again, as after a quiet period. */
    public synchronized void refill() {
        tokens = Double.NaN;
    }
}
