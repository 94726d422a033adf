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
}
