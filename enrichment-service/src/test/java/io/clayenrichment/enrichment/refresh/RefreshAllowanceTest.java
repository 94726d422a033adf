package io.clayenrichment.enrichment.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.clayenrichment.common.testing.Seeds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RefreshAllowanceTest {

    /** A task with refreshes always waiting: each punctuation takes all it is allowed. */
    private record Run(List<Long> times, List<Integer> sent) {}

    private static Run run(double perSecond, long intervalMs, long[] gaps) {
        RefreshAllowance allowance = new RefreshAllowance(perSecond, Duration.ofMillis(intervalMs));
        List<Long> times = new ArrayList<>();
        List<Integer> sent = new ArrayList<>();
        long now = 1_000_000;
        for (long gap : gaps) {
            now += gap;
            allowance.accrue(now);
            int taken = 0;
            while (allowance.tryTake()) {
                taken++;
            }
            times.add(now);
            sent.add(taken);
        }
        return new Run(times, sent);
    }

    @Test
    void noStretchOfTimeSeesMoreThanTheRateTimesItsLengthPlusOnePunctuationsWorth() {
        Seeds.check(500, random -> {
            double perSecond = 0.01 + random.nextDouble() * (random.nextBoolean() ? 1 : 50);
            long interval = 100 + random.nextInt(5_000);
            long[] gaps = new long[200];
            for (int i = 0; i < gaps.length; i++) {
                // on time, late, or after a long pause (GC, rebalance, a stopped instance)
                gaps[i] = switch (random.nextInt(10)) {
                    case 0 -> interval * (2 + random.nextInt(1_000));
                    case 1, 2 -> interval + random.nextInt((int) interval);
                    default -> interval;
                };
            }
            Run run = run(perSecond, interval, gaps);
            double cap = Math.max(1, Math.ceil(perSecond * interval / 1000.0));
            for (int from = 0; from < gaps.length; from++) {
                assertThat(run.sent().get(from)).as("punctuation %d", from).isLessThanOrEqualTo((int) cap);
                long total = 0;
                for (int to = from + 1; to < gaps.length; to++) {
                    total += run.sent().get(to);
                    double earned = perSecond * (run.times().get(to) - run.times().get(from)) / 1000.0;
                    if (total > earned + cap + 1e-9) {
                        fail("rate %s/s, interval %d ms: %d sent after punctuation %d up to %d, earned %s + cap %s",
                                perSecond, interval, total, from, to, earned, cap);
                    }
                }
            }
        });
    }

    @Test
    void onTimeTheWholeRateIsUsedFractionsIncluded() {
        Seeds.check(200, random -> {
            double perSecond = 0.05 + random.nextDouble() * 20;
            long interval = 200 + random.nextInt(2_000);
            long[] gaps = new long[500];
            java.util.Arrays.fill(gaps, interval);

            Run run = run(perSecond, interval, gaps);

            long total = run.sent().stream().mapToLong(Integer::longValue).sum();
            double earned = perSecond * interval * (gaps.length - 1) / 1000.0;
            assertThat((double) total).as("rate %s/s, interval %d ms", perSecond, interval)
                    .isGreaterThan(earned - 1).isLessThanOrEqualTo(earned + 1e-9);
        });
    }
}
