package io.clayenrichment.sandbox.faults;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.config.SettingsException;
import java.time.Duration;

/**
 * The failure modes the sandbox plays, as one immutable value: rates are probabilities from 0 to 1.
 *
 * @param rateLimit an override of the configured workspace rate limit, or null for the configured one
 */
public record FaultSettings(
        double notFoundRate,
        double enrichErrorRate,
        double duplicateCallbackRate,
        double lostCallbackRate,
        double errorRate,
        double slowRate,
        Duration slowDelay,
        boolean outage,
        RateLimit rateLimit) {

    public static final FaultSettings DEFAULTS =
            new FaultSettings(0.05, 0, 0.02, 0, 0, 0, Duration.ofSeconds(3), false, null);

    /** No failure at all: every row is found, every callback sent once. */
    public static final FaultSettings NONE = new FaultSettings(0, 0, 0, 0, 0, 0, Duration.ofSeconds(3), false, null);

    public FaultSettings {
        checkRate("not_found_rate", notFoundRate);
        checkRate("enrich_error_rate", enrichErrorRate);
        checkRate("duplicate_callback_rate", duplicateCallbackRate);
        checkRate("lost_callback_rate", lostCallbackRate);
        checkRate("error_rate", errorRate);
        checkRate("slow_rate", slowRate);
        if (slowDelay == null || slowDelay.isNegative()) {
            throw new IllegalArgumentException("slow_delay=" + slowDelay
                    + " is invalid: expected a duration of 0 or more");
        }
    }

    public static FaultSettings fromEnv(Env env) {
        FaultSettings d = DEFAULTS;
        return new FaultSettings(
                rate(env, "SANDBOX_NOT_FOUND_RATE", d.notFoundRate),
                rate(env, "SANDBOX_ENRICH_ERROR_RATE", d.enrichErrorRate),
                rate(env, "SANDBOX_DUPLICATE_CALLBACK_RATE", d.duplicateCallbackRate),
                rate(env, "SANDBOX_LOST_CALLBACK_RATE", d.lostCallbackRate),
                rate(env, "SANDBOX_ERROR_RATE", d.errorRate),
                rate(env, "SANDBOX_SLOW_RATE", d.slowRate),
                env.duration("SANDBOX_SLOW_DELAY", d.slowDelay),
                env.bool("SANDBOX_OUTAGE", d.outage),
                null);
    }

    private static double rate(Env env, String variable, double defaultValue) {
        double value = env.decimal(variable, defaultValue);
        if (value < 0 || value > 1) {
            throw new SettingsException(variable + "=" + value + " is invalid: expected a number from 0 to 1");
        }
        return value;
    }

    public FaultSettings withNotFoundRate(double rate) {
        return new FaultSettings(rate, enrichErrorRate, duplicateCallbackRate, lostCallbackRate, errorRate,
                slowRate, slowDelay, outage, rateLimit);
    }

    public FaultSettings withEnrichErrorRate(double rate) {
        return new FaultSettings(notFoundRate, rate, duplicateCallbackRate, lostCallbackRate, errorRate,
                slowRate, slowDelay, outage, rateLimit);
    }

    public FaultSettings withDuplicateCallbackRate(double rate) {
        return new FaultSettings(notFoundRate, enrichErrorRate, rate, lostCallbackRate, errorRate, slowRate,
                slowDelay, outage, rateLimit);
    }

    public FaultSettings withLostCallbackRate(double rate) {
        return new FaultSettings(notFoundRate, enrichErrorRate, duplicateCallbackRate, rate, errorRate,
                slowRate, slowDelay, outage, rateLimit);
    }

    public FaultSettings withErrorRate(double rate) {
        return new FaultSettings(notFoundRate, enrichErrorRate, duplicateCallbackRate, lostCallbackRate, rate,
                slowRate, slowDelay, outage, rateLimit);
    }

    public FaultSettings withSlow(double rate, Duration delay) {
        return new FaultSettings(notFoundRate, enrichErrorRate, duplicateCallbackRate, lostCallbackRate,
                errorRate, rate, delay, outage, rateLimit);
    }

    public FaultSettings withOutage(boolean on) {
        return new FaultSettings(notFoundRate, enrichErrorRate, duplicateCallbackRate, lostCallbackRate,
                errorRate, slowRate, slowDelay, on, rateLimit);
    }

    /** {@code limit} replaces the configured rate limit; null goes back to it. */
    public FaultSettings withRateLimit(RateLimit limit) {
        return new FaultSettings(notFoundRate, enrichErrorRate, duplicateCallbackRate, lostCallbackRate,
                errorRate, slowRate, slowDelay, outage, limit);
    }

    private static void checkRate(String name, double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException(name + "=" + rate + " is invalid: expected a number from 0 to 1");
        }
    }
}
