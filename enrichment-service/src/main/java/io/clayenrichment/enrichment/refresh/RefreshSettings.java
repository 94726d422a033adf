package io.clayenrichment.enrichment.refresh;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.config.SettingsException;
import java.time.Duration;

/**
 * When stale contacts are re-requested and how much of Clay's rate limit that may take.
 *
 * @param after age of a contact's latest successful Clay result from which it is refreshed; null: off
 * @param rateShare the share of the workspace rate limit refreshes may use, across all instances
 * @param workspaceRatePerSecond {@code CLAY_RATE_LIMIT_PER_SECOND}
 * @param partitions partitions of the by-tenant repartition topic (= tasks that refresh); 0 while unknown
 */
public record RefreshSettings(Duration after, double rateShare, double workspaceRatePerSecond, int partitions) {

    public static final double DEFAULT_RATE_SHARE = 0.1;
    public static final RefreshSettings OFF = new RefreshSettings(null, DEFAULT_RATE_SHARE, 10, 0);

    public RefreshSettings {
        if (after != null && (after.isZero() || after.isNegative())) {
            throw new SettingsException("REFRESH_AFTER=" + after + " is invalid: expected a duration greater than 0,"
                    + " or unset to turn scheduled refresh off");
        }
        if (!(rateShare > 0 && rateShare <= 1)) {
            throw new SettingsException("REFRESH_RATE_SHARE=" + rateShare
                    + " is invalid: expected a share of CLAY_RATE_LIMIT_PER_SECOND above 0 and at most 1, such as 0.1");
        }
        // only refresh needs it here; with refresh off, the dispatcher (if it runs here) checks its own setting
        if (after != null && !(workspaceRatePerSecond > 0)) {
            throw new SettingsException("CLAY_RATE_LIMIT_PER_SECOND=" + workspaceRatePerSecond
                    + " is invalid: expected a number greater than 0");
        }
        if (partitions < 0) {
            throw new IllegalArgumentException("partitions must be 0 (unknown) or more, not " + partitions);
        }
    }

    /**
     * {@code REFRESH_AFTER} (unset or empty: off) and {@code REFRESH_RATE_SHARE}. Refresh must start before
     * {@code freshnessTtl}: older entries are dropped from the cache and could never be refreshed.
     */
    public static RefreshSettings fromEnv(Env env, Duration freshnessTtl, double workspaceRatePerSecond) {
        Duration after = env.duration("REFRESH_AFTER", null);
        if (after != null && after.compareTo(freshnessTtl) >= 0) {
            throw new SettingsException("REFRESH_AFTER=" + env.raw("REFRESH_AFTER") + " is invalid: it must be shorter"
                    + " than FRESHNESS_TTL (" + readable(freshnessTtl) + "), because cache entries older than the TTL are dropped"
                    + " and could never be refreshed");
        }
        double share = env.decimal("REFRESH_RATE_SHARE", DEFAULT_RATE_SHARE);
        if (!(share > 0 && share <= 1)) {
            throw new SettingsException("REFRESH_RATE_SHARE=" + env.raw("REFRESH_RATE_SHARE")
                    + " is invalid: expected a share of CLAY_RATE_LIMIT_PER_SECOND above 0 and at most 1, such as 0.1");
        }
        return new RefreshSettings(after, share, workspaceRatePerSecond, 0);
    }

    private static String readable(Duration duration) {
        return duration.toSeconds() % 86_400 == 0 ? "P" + duration.toDays() + "D" : duration.toString();
    }

    public boolean enabled() {
        return after != null;
    }

    /** Refreshes per second, across every instance. */
    public double ratePerSecond() {
        return rateShare * workspaceRatePerSecond;
    }

    /** Refreshes per second one task may send: the shared rate split evenly over the tasks. */
    public double perTaskPerSecond() {
        if (partitions == 0) {
            throw new IllegalStateException("the number of partitions of the by-tenant topic is not known yet");
        }
        return ratePerSecond() / partitions;
    }

    public RefreshSettings withPartitions(int count) {
        return new RefreshSettings(after, rateShare, workspaceRatePerSecond, count);
    }
}
