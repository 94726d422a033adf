package io.clayenrichment.enrichment.dispatch;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: after the n-th failure, a uniformly random wait in
 * [0, min(max, initial * 2^(n-1))], so instances that failed together do not retry together. A
 * {@code Retry-After} from Clay is a floor: the wait is never shorter than what Clay asked for.
 */
final class Backoff {

    private final Duration initial;
    private final Duration max;
    private final RandomGenerator random;

    Backoff(Duration initial, Duration max, RandomGenerator random) {
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    /** The upper bound of the wait after {@code failures} failures (1 = the first). */
    Duration ceiling(int failures) {
        int doublings = Math.max(0, Math.min(failures - 1, 40));
        long nanos = initial.toNanos();
        for (int i = 0; i < doublings && nanos < max.toNanos(); i++) {
            nanos *= 2;
        }
        return Duration.ofNanos(Math.min(nanos, max.toNanos()));
    }

    Duration delay(int failures, Optional<Duration> retryAfter) {
        long ceiling = ceiling(failures).toNanos();
        Duration jittered = Duration.ofNanos(ceiling <= 0 ? 0 : random.nextLong(ceiling + 1));
        return retryAfter.filter(asked -> asked.compareTo(jittered) > 0).orElse(jittered);
    }
}
