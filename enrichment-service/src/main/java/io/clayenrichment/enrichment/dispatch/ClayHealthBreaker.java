package io.clayenrichment.enrichment.dispatch;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards Clay's health with a Resilience4j circuit breaker over the last N calls: it opens when too
 * many failed (5xx, I/O error, timeout) or were slow, lets a few probes through after the wait
 * (half-open), and closes again when they succeed. A 429 is neither: it is pacing, handled by the
 * rate limiter and {@code Retry-After}. Refusals (4xx) are answers from a healthy Clay.
 */
final class ClayHealthBreaker {

    private static final Logger LOG = LoggerFactory.getLogger(ClayHealthBreaker.class);

    /** The exception the breaker records for a failed call; carries no stack, only the description. */
    static final class ClayUnavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ClayUnavailable(String description) {
            super(description, null, false, false);
        }
    }

    private final CircuitBreaker breaker;

    ClayHealthBreaker(DispatcherSettings settings) {
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.breakerWindowSize())
                .minimumNumberOfCalls(Math.min(settings.breakerMinimumCalls(), settings.breakerWindowSize()))
                .failureRateThreshold(settings.breakerFailureRate())
                .slowCallRateThreshold(settings.breakerSlowCallRate())
                .slowCallDurationThreshold(settings.breakerSlowCallDuration())
                .waitDurationInOpenState(settings.breakerWaitInOpen())
                .permittedNumberOfCallsInHalfOpenState(settings.breakerHalfOpenCalls())
                // The dispatcher asks for permission on every loop, which moves OPEN to HALF_OPEN once the
                // wait is over; no scheduler thread of Resilience4j is needed for that.
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build();
        this.breaker = CircuitBreaker.of("clay", config);
        breaker.getEventPublisher().onStateTransition(event -> {
            CircuitBreaker.StateTransition transition = event.getStateTransition();
            if (transition.getToState() == CircuitBreaker.State.OPEN) {
                LOG.warn("Clay health breaker {} -> OPEN: {}% of the last calls failed, {}% were slow; probing again in {} ms",
                        transition.getFromState(), breaker.getMetrics().getFailureRate(),
                        breaker.getMetrics().getSlowCallRate(), breaker.getCircuitBreakerConfig()
                                .getWaitIntervalFunctionInOpenState().apply(1));
            } else {
                LOG.warn("Clay health breaker {} -> {}", transition.getFromState(), transition.getToState());
            }
        });
    }

    boolean tryAcquire() {
        return breaker.tryAcquirePermission();
    }

    /** Gives back a permission whose call ended without telling anything about Clay's health. */
    void release() {
        breaker.releasePermission();
    }

    void succeeded(Duration elapsed) {
        breaker.onSuccess(elapsed.toNanos(), TimeUnit.NANOSECONDS);
    }

    void failed(Duration elapsed, String description) {
        breaker.onError(elapsed.toNanos(), TimeUnit.NANOSECONDS, new ClayUnavailable(description));
    }

    boolean isClosed() {
        return breaker.getState() == CircuitBreaker.State.CLOSED;
    }

    boolean isOpen() {
        CircuitBreaker.State state = breaker.getState();
        return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
    }

    /** For the gauge: 0 closed, 1 half-open, 2 open. */
    int stateCode() {
        return switch (breaker.getState()) {
            case CLOSED, DISABLED, METRICS_ONLY -> 0;
            case HALF_OPEN -> 1;
            case OPEN, FORCED_OPEN -> 2;
        };
    }

    String stateName() {
        return breaker.getState().name();
    }
}
