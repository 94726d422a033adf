package io.clayenrichment.enrichment.budget;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The operator's changes to one tenant's budget folded into one, on the compacted budgets topic (key =
 * tenant). A limit left null keeps the configured one; {@code forceOpen} forces the tenant's breaker
 * open. {@code version} is the offset on the budget changes topic of the last change folded in; null
 * in records of versions before the fold, which wrote the whole override from the HTTP request.
 */
public record BudgetOverride(String tenant, BigDecimal daily, BigDecimal monthly, Boolean forceOpen,
        Instant updatedAt, Long version) {

    /** An override of no version (as older versions wrote them). */
    public BudgetOverride(String tenant, BigDecimal daily, BigDecimal monthly, Boolean forceOpen, Instant updatedAt) {
        this(tenant, daily, monthly, forceOpen, updatedAt, null);
    }

    public boolean forced() {
        return Boolean.TRUE.equals(forceOpen);
    }

    /**
     * Why this change cannot apply, if it cannot: a limit below zero or above what {@code PUT
     * /v1/budgets} accepts. The API refuses such changes; a record another producer wrote to the topic
     * is kept out of the store instead, so it can never break a decision.
     */
    public java.util.Optional<String> problem() {
        return BudgetChange.limitProblem(daily, monthly);
    }

    /** Whether this override holds the change of {@code version} (it folded that one or a later one). */
    public boolean includes(long changeVersion) {
        return version != null && version >= changeVersion;
    }
}
