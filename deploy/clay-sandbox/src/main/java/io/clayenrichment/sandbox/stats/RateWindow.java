package io.clayenrichment.sandbox.stats;

import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * The highest number of requests seen within any one second (a sliding window), so a test can check
 * that a client kept to the workspace rate limit from the server's side of the wire.
 */
final class RateWindow {

    private static final long WINDOW_NANOS = 1_000_000_000L;

    private final LongSupplier nanoTicker;
    private final ArrayDeque<Long> arrivals = new ArrayDeque<>();
    private int max;

    RateWindow(LongSupplier nanoTicker) {
        this.nanoTicker = nanoTicker;
    }

    synchronized void arrived() {
        long now = nanoTicker.getAsLong();
        arrivals.addLast(now);
        while (now - arrivals.peekFirst() >= WINDOW_NANOS) {
            arrivals.removeFirst();
        }
        max = Math.max(max, arrivals.size());
    }

    synchronized int max() {
        return max;
    }

    synchronized void reset() {
        arrivals.clear();
        max = 0;
    }
}
