package io.clayenrichment.enrichment.budget;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * An operator's change to one tenant's budget, on the compacted budgets topic (key = tenant). A limit
 * left null keeps the configured one; {@code forceOpen} forces the tenant's breaker open.
 */
public record BudgetOverride(String tenant, BigDecimal daily, BigDecimal monthly, Boolean forceOpen,
        Instant updatedAt) {

    public boolean forced() {
        return Boolean.TRUE.equals(forceOpen);
    }

    /**
     * Why this change cannot apply, if it cannot: a limit below zero or above what {@code PUT
     * /v1/budgets} accepts. The API refuses such changes; a record another producer wrote to the topic
     * is kept out of the store instead, so it can never break a decision.
     */
    public java.util.Optional<String> problem() {
        for (BigDecimal limit : new BigDecimal[] {daily, monthly}) {
            if (limit != null && (limit.signum() < 0 || limit.compareTo(BudgetChange.MAX_CREDITS) > 0)) {
                return java.util.Optional.of("limit " + limit.toPlainString() + " is outside 0.."
                        + BudgetChange.MAX_CREDITS.toPlainString());
            }
        }
        return java.util.Optional.empty();
    }
}
