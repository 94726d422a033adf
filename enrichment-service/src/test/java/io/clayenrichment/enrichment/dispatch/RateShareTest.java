package io.clayenrichment.enrichment.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.testing.Seeds;
import org.junit.jupiter.api.Test;

class RateShareTest {

    @Test
    void instancesSplittingThePartitionsNeverTogetherExceedTheWorkspaceLimit() {
        Seeds.check(2_000, random -> {
            int partitions = 1 + random.nextInt(48);
            int burst = 1 + random.nextInt(40);
            double rate = 0.5 + random.nextDouble() * 30;
            int instances = 1 + random.nextInt(partitions);
            int[] assigned = new int[instances];
            for (int p = 0; p < partitions; p++) {
                assigned[random.nextInt(instances)]++;
            }
            double rates = 0;
            double bursts = 0;
            for (int count : assigned) {
                RateShare share = RateShare.of(rate, burst, count, partitions);
                rates += count == 0 ? 0 : share.ratePerSecond();
                bursts += count == 0 ? 0 : share.burst();
                assertThat(share.burst()).isGreaterThanOrEqualTo(1);
            }
            assertThat(rates).isLessThanOrEqualTo(rate * (1 + 1e-9));
            // A bucket needs a burst of at least one token: only instances whose share of the burst is under one
            // token can push the sum past the workspace burst, by at most one token each. With no more
            // partitions than the burst, that never happens.
            long underOneToken = java.util.Arrays.stream(assigned)
                    .filter(c -> c > 0 && burst * (double) c / partitions < 1).count();
            assertThat(bursts).isLessThanOrEqualTo(burst + underOneToken + 1e-9);
            if (partitions <= burst) {
                assertThat(bursts).isLessThanOrEqualTo(burst + 1e-9);
            }
        });
    }

    @Test
    void oneInstanceWithEveryPartitionTakesTheWholeLimitLessTheJitterToken() {
        RateShare share = RateShare.of(10, 20, 6, 6);
        assertThat(share.ratePerSecond()).isEqualTo(10);
        assertThat(share.burst()).isEqualTo(19);
        RateShare half = RateShare.of(10, 20, 3, 6);
        assertThat(half.ratePerSecond()).isEqualTo(5);
        assertThat(half.burst()).isEqualTo(9);
    }
}
