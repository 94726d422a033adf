package io.clayenrichment.enrichment.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.testing.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketPropertyTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void overAnyWindowTheBucketNeverGrantsMoreThanBurstPlusRateTimesWindow() {
        Seeds.check(400, random -> {
            AtomicLong clock = new AtomicLong(random.nextLong(1, Long.MAX_VALUE / 4));
            double rate = 0.5 + random.nextDouble() * 50;
            double burst = 1 + random.nextInt(30) + random.nextDouble();
            TokenBucket bucket = new TokenBucket(rate, burst, clock::get);
            // Reconfigurations (rebalances) only ever lower the bound's parameters here, so the original
            // rate and burst stay an upper bound for the whole run.
            List<Long> grants = new ArrayList<>();
            double currentRate = rate;
            double currentBurst = burst;
            for (int step = 0; step < 400; step++) {
                clock.addAndGet(randomGap(random, currentRate));
                if (random.nextInt(50) == 0) {
                    currentRate = rate * (0.2 + 0.8 * random.nextDouble());
                    currentBurst = Math.max(1, burst * random.nextDouble());
                    bucket.reconfigure(currentRate, currentBurst);
                }
                if (random.nextInt(80) == 0) {
                    bucket.drain();
                }
                if (bucket.tryAcquire() == 0) {
                    grants.add(clock.get());
                }
            }
            assertWithinBound(grants, rate, burst);
        });
    }

    @Test
    void aCallerThatWaitsAsToldGetsTheFullRate() {
        Seeds.check(200, random -> {
            AtomicLong clock = new AtomicLong(0);
            double rate = 1 + random.nextDouble() * 40;
            double burst = 1 + random.nextInt(20);
            TokenBucket bucket = new TokenBucket(rate, burst, clock::get);
            long horizon = 20 * SECOND;
            int granted = 0;
            while (clock.get() < horizon) {
                long wait = bucket.tryAcquire();
                if (wait == 0) {
                    granted++;
                } else {
                    assertThat(wait).isPositive().isLessThanOrEqualTo((long) Math.ceil(SECOND / rate) + 1);
                    clock.addAndGet(wait);
                }
            }
            // The bucket starts empty, so over 20 s it grants the rate's worth, give or take one token.
            assertThat(granted).isBetween((int) Math.floor(rate * 20) - 1, (int) Math.ceil(rate * 20) + 1);
        });
    }

    @Test
    void aShrunkBurstDropsTheSavedTokensAbovePromptly() {
        Seeds.check(200, random -> {
            AtomicLong clock = new AtomicLong(0);
            TokenBucket bucket = new TokenBucket(10, 20, clock::get);
            clock.addAndGet(10 * SECOND);
            assertThat(bucket.available()).isEqualTo(20);
            double smaller = 1 + random.nextInt(19);
            bucket.reconfigure(5, smaller);
            assertThat(bucket.available()).isEqualTo(smaller);
        });
    }

    private static long randomGap(Random random, double rate) {
        return switch (random.nextInt(4)) {
            case 0 -> 0; // simultaneous requests
            case 1 -> random.nextLong((long) (SECOND / rate) + 1); // faster than the rate
            case 2 -> random.nextLong(SECOND / 1000 + 1); // a tight burst
            default -> random.nextLong(3 * SECOND); // idle time that refills the bucket
        };
    }

    private static void assertWithinBound(List<Long> grants, double rate, double burst) {
        for (int i = 0; i < grants.size(); i++) {
            for (int j = i; j < grants.size(); j++) {
                double window = (grants.get(j) - grants.get(i)) / (double) SECOND;
                int granted = j - i + 1;
                // A plain comparison first: AssertJ on every one of the ~10^5 windows per case is slow.
                if (granted > Math.floor(burst + rate * window + 1e-9)) {
                    throw new AssertionError(String.format("%d grants (%d..%d) over %.6f s at rate %.3f, burst %.3f",
                            granted, i, j, window, rate, burst));
                }
            }
        }
    }
}
