package io.clayenrichment.common.testing;

import java.util.Random;
import java.util.function.Consumer;

/**
 * Seeded randomised property checks. Each run draws a fresh seed (or takes {@code -Dtest.seed=N}),
 * and a failure names the seed and the case so it can be replayed exactly.
 */
public final class Seeds {

    private Seeds() {}

    public static long seed() {
        String given = System.getProperty("test.seed");
        return given != null ? Long.parseLong(given) : new Random().nextLong();
    }

    /** Runs {@code property} on {@code cases} random generators derived from one seed. */
    public static void check(int cases, Consumer<Random> property) {
        long seed = seed();
        Random seeds = new Random(seed);
        for (int i = 0; i < cases; i++) {
            Random random = new Random(seeds.nextLong());
            try {
                property.accept(random);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("property failed on case " + i + " of seed " + seed
                        + " (replay with -Dtest.seed=" + seed + "): " + e.getMessage(), e);
            }
        }
    }
}
