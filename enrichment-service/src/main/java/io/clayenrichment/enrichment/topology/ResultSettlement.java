package io.clayenrichment.enrichment.topology;

import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.schema.ResultSource;
import io.clayenrichment.common.schema.ResultStatus;
import io.clayenrichment.enrichment.budget.Credits;
import io.clayenrichment.enrichment.budget.Reservation;
import io.clayenrichment.enrichment.metrics.TopologyMetrics;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Clay result counts only for the attempt its correlation id names: the one in flight for the
 * contact it names, else an ended attempt whose reservation is still held. Anything else (a
 * duplicate callback, one past the late-result window, a forged one) settles nothing and fills no
 * cache; the receiver has published it, and that is all.
 */
final class ResultSettlement {

    /** The decider's own logger: its lines read as they did before the decider was split into parts. */
    private static final Logger LOG = LoggerFactory.getLogger(TenantDecider.class);

    private final BudgetBook budget;
    private final AttemptBook attempts;
    private final FreshnessCache cache;
    private final DecisionOutputs outputs;
    private final TopologyMetrics metrics;

    ResultSettlement(BudgetBook budget, AttemptBook attempts, FreshnessCache cache, DecisionOutputs outputs,
            TopologyMetrics metrics) {
        this.budget = budget;
        this.attempts = attempts;
        this.cache = cache;
        this.outputs = outputs;
        this.metrics = metrics;
    }

    /**
     * Settles the attempt the result is for: the reservation is replaced by the charge, a success
     * fills the cache and the contact lookups, and the duplicates that waited are answered from it.
     */
    void settle(String tenant, EnrichmentResult result, long now) {
        if (Credits.isOutOfRange(result.creditsUsed())) {
            LOG.warn("result {} of tenant {} reports credits_used {}: charged as {}", result.correlationId(), tenant,
                    result.creditsUsed(), Credits.format(Credits.charged(result.creditsUsed(), 0)));
        }
        String contactKey = result.contactKey() == null ? null : TenantKeys.contact(tenant, result.contactKey());
        Attempt attempt = contactKey == null ? null : attempts.inFlight(contactKey);
        if (attempt != null && attempt.correlationId().equals(result.correlationId())) {
            EnrichmentResult verified = verified(result, tenant, attempt.request().contactKey());
            budget.settle(tenant, attempt.reservation(), charge(result, attempt.reservation()), now, true);
            List<Waiter> waiting = attempts.close(contactKey, attempt);
            keep(contactKey, verified, now);
            metrics.resultLatency(Duration.ofMillis(Math.max(0, now - attempt.startedAtMs())));
            for (Waiter waiter : waiting) {
                outputs.cacheAnswer(verified, waiter.requestId(), tenant, now);
            }
            return;
        }
        OpenReservation held = attempts.held(tenant, result.correlationId());
        if (held != null) {
            attempts.forgetHeld(tenant, result.correlationId());
            budget.settle(tenant, held.reservation(), charge(result, held.reservation()), now, true);
            keep(TenantKeys.contact(tenant, held.contactKey()), verified(result, tenant, held.contactKey()), now);
            LOG.info("late result {} of tenant {} settled its held reservation", result.correlationId(), tenant);
            return;
        }
        metrics.resultUnmatched();
    }

    /** What a result charges: nothing for not_found (Clay charges nothing for no data), else what it reports. */
    static long charge(EnrichmentResult result, Reservation reservation) {
        return result.status() == ResultStatus.NOT_FOUND ? 0
                : Credits.charged(result.creditsUsed(), reservation.costMilli());
    }

    /** The result as the attempt's own: its tenant and contact key, whatever the callback said. */
    static EnrichmentResult verified(EnrichmentResult result, String tenant, String contactKey) {
        return new EnrichmentResult(result.correlationId(), result.requestId(), contactKey, tenant, result.status(),
                ResultSource.CLAY, result.data(), result.creditsUsed(), result.receivedAt(), null);
    }

    /** Fills the tenant's cache and the contact lookups with a verified success. */
    private void keep(String contactStoreKey, EnrichmentResult verified, long now) {
        if (verified.status() == ResultStatus.SUCCESS) {
            cache.offer(contactStoreKey, verified);
            outputs.verified(verified, now);
        }
    }
}
