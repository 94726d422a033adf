package io.clayenrichment.sandbox.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.testing.Seeds;
import io.clayenrichment.sandbox.faults.RateLimit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token bucket against a test clock: exact bounds, whatever the rate, burst and arrival pattern. */
class TokenBucketPropertyTest {

    @Test
    void nothingBeyondBurstPlusRefillIsEverTakenAndAdvisedWaitsAreExact() {
        Seeds.check(300, random -> {
            RateLimit limit = new RateLimit(0.5 + random.nextDouble() * 50, 1 + random.nextInt(30));
            AtomicLong now = new AtomicLong(random.nextLong() / 4);
            long start = now.get();
            TokenBucket bucket = new TokenBucket(now::get);
            long taken = 0;
            for (int i = 0; i < 400; i++) {
                now.addAndGet(random.nextInt(4) == 0 ? 0 : (long) (random.nextDouble() * 2e9 / limit.perSecond()));
                long wait = bucket.tryTake(limit);
                if (wait == 0) {
                    taken++;
                } else {
                    assertThat(wait).isPositive().isLessThanOrEqualTo((long) Math.ceil(1e9 / limit.perSecond()));
                    long before = now.get();
                    now.addAndGet(wait);
                    assertThat(bucket.tryTake(limit)).as("a take after the advised wait").isZero();
                    taken++;
                    now.set(before + wait);
                }
                double elapsedSeconds = (now.get() - start) / 1e9;
                assertThat((double) taken).isLessThanOrEqualTo(limit.burst() + limit.perSecond() * elapsedSeconds + 1e-6);
            }
        });
    }

    @Test
    void aFullBucketGivesExactlyTheBurstAtOnce() {
        Seeds.check(50, random -> {
            int burst = 1 + random.nextInt(50);
            RateLimit limit = new RateLimit(1 + random.nextInt(100), burst);
            TokenBucket bucket = new TokenBucket(() -> 123L);
            for (int i = 0; i < burst; i++) {
                assertThat(bucket.tryTake(limit)).isZero();
            }
            assertThat(bucket.tryTake(limit)).isPositive();
        });
    }
}
