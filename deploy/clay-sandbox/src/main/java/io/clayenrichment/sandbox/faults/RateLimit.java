package io.clayenrichment.sandbox.faults;

/** A workspace rate limit: a token bucket refilled at {@code perSecond} holding at most {@code burst}. */
public record RateLimit(double perSecond, int burst) {

    public RateLimit {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("rate_limit.per_second=" + perSecond
                    + " is invalid: expected a number above 0");
        }
        if (burst < 1) {
            throw new IllegalArgumentException("rate_limit.burst=" + burst + " is invalid: expected at least 1");
        }
    }
}
