package io.clayenrichment.enrichment.topology;

import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.enrichment.refresh.RefreshRule;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * How many cached contacts of each tenant a scheduled refresh would re-request, for the spend
 * forecast: those whose latest result is older than {@code REFRESH_AFTER} ({@link RefreshRule#isDue})
 * and that have no attempt in flight. Counting never scans the cache on its own: it rides on the
 * eviction walk of {@link FreshnessCache} (a bounded batch per punctuation, round-robin), adds up a
 * pass as it goes and publishes the pass's counts only when the pass reaches the end of the cache, so
 * the figures are whole (as of that pass) and never a partial count. A pass over a task's cache takes
 * {@code entries / } {@value FreshnessCache#EVICTION_BATCH} punctuations. Counts live in memory only:
 * after a restart or a rebalance they are known again once the first pass ends, and until then
 * {@link #counted()} says so. With scheduled refresh off nothing is due and the count is known at once.
 */
final class RefreshBacklog implements FreshnessCache.Walker {

    private final RefreshRule rule;
    private final Predicate<String> inFlight;
    private Map<String, Long> counting = new HashMap<>();
    /** The counts of the last complete pass; null until one ended. */
    private Map<String, Long> counted;

    /** @param rule the refresh rule, null when scheduled refresh is off */
    RefreshBacklog(RefreshRule rule, Predicate<String> inFlight) {
        this.rule = rule;
        this.inFlight = inFlight;
        this.counted = rule == null ? new HashMap<>() : null;
    }

    static RefreshBacklog of(TopologySettings settings, Predicate<String> inFlight) {
        return new RefreshBacklog(settings.refresh().enabled()
                ? new RefreshRule(settings.refresh().after(), settings.resultTimeout()) : null, inFlight);
    }

    @Override
    public void kept(String contactStoreKey, EnrichmentResult cached, long nowMs) {
        if (rule != null && rule.isDue(cached, nowMs) && !inFlight.test(contactStoreKey)) {
            int separator = contactStoreKey.indexOf(TenantKeys.SEPARATOR);
            if (separator > 0) {
                counting.merge(contactStoreKey.substring(0, separator), 1L, Long::sum);
            }
        }
    }

    @Override
    public void passEnded(long nowMs) {
        if (rule != null) {
            counted = counting;
            counting = new HashMap<>();
        }
    }

    /**
     * A scheduled refresh of the tenant started: its contact is reserved now, so it leaves the last
     * pass's count rather than be counted twice until the next pass ends. (A contact the current pass
     * counted before its refresh started is still counted twice at that pass's end: at most the
     * refreshes one pass sends, until the pass after.)
     */
    void refreshStarted(String tenant) {
        if (counted != null && counted.containsKey(tenant)) {
            long left = counted.get(tenant) - 1;
            if (left > 0) {
                counted.put(tenant, left);
            } else {
                counted.remove(tenant);
            }
        }
    }

    /** Whether a whole pass has counted the due refreshes (always, with refresh off). */
    boolean counted() {
        return counted != null;
    }

    /** The tenant's due refreshes as of the last complete pass; 0 before one. */
    long dueOf(String tenant) {
        return counted == null ? 0 : counted.getOrDefault(tenant, 0L);
    }

    /** The tenants with due refreshes in the last complete pass. */
    Set<String> tenants() {
        return counted == null ? Set.of() : counted.keySet();
    }
}
