package io.clayenrichment.receiver.bench;

import java.util.Arrays;
import java.util.Locale;

/** What one measured phase gave: answers per second, the latency percentiles, and any non-200 answers. */
record LoadResult(long requests, long failures, double seconds, long p50Micros, long p99Micros, long maxMicros) {

    static LoadResult of(long[] latenciesNanos, int count, long failures, double seconds) {
        long[] sorted = Arrays.copyOf(latenciesNanos, count);
        Arrays.sort(sorted);
        return new LoadResult(count, failures, seconds, percentile(sorted, 0.50), percentile(sorted, 0.99),
                count == 0 ? 0 : sorted[count - 1] / 1000);
    }

    private static long percentile(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1000;
    }

    double perSecond() {
        return requests / seconds;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%8.0f callbacks/s  p50 %6.2f ms  p99 %6.2f ms  max %7.2f ms  (%d answered,"
                        + " %d not 200)", perSecond(), p50Micros / 1000.0, p99Micros / 1000.0, maxMicros / 1000.0,
                requests, failures);
    }
}
