package io.clayenrichment.enrichment.dispatch;

/**
 * This instance's share of the workspace's Clay rate limit: the limit times the fraction of the
 * outbound topic's partitions it is assigned. Instances need no coordination and together never
 * exceed the limit; the price is that a skewed load (one busy partition) under-uses it.
 *
 * <p>One token of the burst is held back so that network jitter (two requests sent a token apart
 * arriving closer together) does not turn into a 429 when both buckets are running empty.
 */
record RateShare(double ratePerSecond, double burst) {

    static final double JITTER_ALLOWANCE_TOKENS = 1;

    static RateShare of(double workspaceRate, int workspaceBurst, int assignedPartitions, int totalPartitions) {
        double share = totalPartitions <= 0 ? 1 : Math.min(1, (double) Math.max(assignedPartitions, 0) / totalPartitions);
        if (share == 0) {
            // No partitions, nothing to send; keep a valid bucket that grants almost nothing.
            return new RateShare(workspaceRate / 1000, 1);
        }
        return new RateShare(workspaceRate * share, Math.max(1, workspaceBurst * share - JITTER_ALLOWANCE_TOKENS));
    }
}
