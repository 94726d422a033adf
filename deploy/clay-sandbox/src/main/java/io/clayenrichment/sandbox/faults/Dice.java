package io.clayenrichment.sandbox.faults;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Seeded random choices. A choice about a row is a pure function of the seed, the purpose and the
 * row's key, so a run with the same seed and the same rows makes the same choices whatever order
 * concurrent requests arrive in. Choices about requests with no key of their own (an injected 5xx,
 * a slow answer) use the request's sequence number per purpose, reproducible for a sequential client.
 */
public final class Dice {

    private final long seed;
    private final ConcurrentMap<String, AtomicLong> sequences = new ConcurrentHashMap<>();

    public Dice(long seed) {
        this.seed = seed;
    }

    /** A number in [0, 1) fixed by the seed, {@code purpose} and {@code key}. */
    public double roll(String purpose, String key) {
        return new SplittableRandom(seed ^ fnv1a64(purpose + '\u0000' + key)).nextDouble();
    }

    /** True with probability {@code rate}, fixed by the seed, {@code purpose} and {@code key}. */
    public boolean chance(double rate, String purpose, String key) {
        return rate > 0 && roll(purpose, key) < rate;
    }

    /** True with probability {@code rate}, drawn from the next number of {@code purpose}'s sequence. */
    public boolean nextChance(double rate, String purpose) {
        return rate > 0 && nextRoll(purpose) < rate;
    }

    /** A number in [0, 1) from the next number of {@code purpose}'s sequence. */
    public double nextRoll(String purpose) {
        long n = sequences.computeIfAbsent(purpose, p -> new AtomicLong()).incrementAndGet();
        return roll(purpose, Long.toString(n));
    }

    /** A stable 64-bit hash of {@code text}; also what the enricher derives its made-up data from. */
    public static long fnv1a64(String text) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
