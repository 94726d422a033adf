package io.clayenrichment.sandbox.stats;

import java.time.Instant;
import java.util.Map;

/**
 * What the sandbox has seen since it started or was last reset. Webhook requests add up:
 * {@code received == accepted + rejected}, and {@code rejected} is the sum of {@code rejectedByStatus}.
 *
 * @param enriched         rows enriched, by result status ({@code success}, {@code not_found})
 * @param creditsCharged   credits Clay would have charged: successful enrichments only
 * @param submissionsBySource lifetime submissions per webhook source (not cleared by a reset)
 * @param maxObservedRate  the most webhook requests received within any one second
 */
public record SandboxStats(
        Instant since,
        long received,
        long accepted,
        long rejected,
        Map<String, Long> rejectedByStatus,
        Callbacks callbacks,
        Map<String, Long> enriched,
        double creditsCharged,
        Map<String, Double> creditsByTenant,
        Map<String, Long> submissionsBySource,
        int maxObservedRate) {

    /**
     * Callback deliveries. {@code sent} and {@code failed} count HTTP deliveries (a duplicated callback
     * is two); {@code lost} and {@code duplicated} count rows; {@code pending} counts rows whose
     * enrichment or callback is still to come.
     */
    public record Callbacks(long sent, long failed, long lost, long duplicated, long retried, long pending) {}

    /** Rows enriched with {@code status} ({@code success}, {@code not_found}). */
    public long enriched(String status) {
        return enriched.getOrDefault(status, 0L);
    }

    /** Webhook requests refused with {@code status}. */
    public long rejected(int status) {
        return rejectedByStatus.getOrDefault(Integer.toString(status), 0L);
    }
}
