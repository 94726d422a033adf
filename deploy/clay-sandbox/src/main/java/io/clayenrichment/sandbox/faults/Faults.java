package io.clayenrichment.sandbox.faults;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * The fault settings in force, changeable while the sandbox runs (by tests and by the admin API) so an
 * outage can start and end in the middle of a run. Every request reads one consistent snapshot.
 */
public final class Faults {

    private final AtomicReference<FaultSettings> current;

    public Faults(FaultSettings initial) {
        current = new AtomicReference<>(initial);
    }

    public FaultSettings current() {
        return current.get();
    }

    public FaultSettings update(UnaryOperator<FaultSettings> change) {
        return current.updateAndGet(change);
    }

    public Faults set(FaultSettings settings) {
        current.set(settings);
        return this;
    }

    public Faults notFoundRate(double rate) {
        update(f -> f.withNotFoundRate(rate));
        return this;
    }

    public Faults enrichErrorRate(double rate) {
        update(f -> f.withEnrichErrorRate(rate));
        return this;
    }

    public Faults duplicateCallbackRate(double rate) {
        update(f -> f.withDuplicateCallbackRate(rate));
        return this;
    }

    public Faults lostCallbackRate(double rate) {
        update(f -> f.withLostCallbackRate(rate));
        return this;
    }

    public Faults errorRate(double rate) {
        update(f -> f.withErrorRate(rate));
        return this;
    }

    public Faults slow(double rate, Duration delay) {
        update(f -> f.withSlow(rate, delay));
        return this;
    }

    public Faults outage(boolean on) {
        update(f -> f.withOutage(on));
        return this;
    }

    public Faults rateLimit(double perSecond, int burst) {
        RateLimit limit = new RateLimit(perSecond, burst);
        update(f -> f.withRateLimit(limit));
        return this;
    }

    /** Back to the rate limit the sandbox was started with. */
    public Faults configuredRateLimit() {
        update(f -> f.withRateLimit(null));
        return this;
    }
}
