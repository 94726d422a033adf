package io.clayenrichment.enrichment.budget;

import java.util.Arrays;

/**
 * What a tenant's last results really cost (milli-credits, {@code not_found} as 0), newest last, at
 * most {@link #CAPACITY} of them: enough for a 95th percentile that follows a change of table or
 * enrichment within about a hundred rows.
 */
public record RecentCosts(long[] costsMilli) {

    public static final int CAPACITY = 100;
    public static final RecentCosts NONE = new RecentCosts(new long[0]);

    public RecentCosts {
        costsMilli = costsMilli.length > CAPACITY
                ? Arrays.copyOfRange(costsMilli, costsMilli.length - CAPACITY, costsMilli.length)
                : costsMilli.clone();
    }

    public RecentCosts with(long costMilli) {
        long[] longer = Arrays.copyOf(costsMilli, costsMilli.length + 1);
        longer[costsMilli.length] = costMilli;
        return new RecentCosts(longer);
    }

    public int size() {
        return costsMilli.length;
    }

    /**
     * The smallest recorded cost that at least {@code quantile} of the recorded costs do not exceed
     * (nearest rank), or 0 with nothing recorded.
     */
    public long quantile(double quantile) {
        if (costsMilli.length == 0) {
            return 0;
        }
        long[] sorted = costsMilli.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(quantile * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    @Override
    public long[] costsMilli() {
        return costsMilli.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RecentCosts that && Arrays.equals(costsMilli, that.costsMilli);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(costsMilli);
    }

    @Override
    public String toString() {
        return "RecentCosts" + Arrays.toString(costsMilli);
    }
}
