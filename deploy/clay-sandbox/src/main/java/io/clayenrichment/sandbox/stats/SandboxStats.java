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
 * @param workspaces       per workspace the sandbox plays, what its sources accepted and refused with 429
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
        int maxObservedRate,
        Map<String, Workspace> workspaces) {

    /** One workspace's webhook answers: rows accepted, and requests refused for its rate limit (429). */
    public record Workspace(long accepted, long rateLimited) {}

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
