package io.clayenrichment.enrichment.topology;

import io.clayenrichment.common.topics.Topics;
import io.clayenrichment.enrichment.budget.BudgetPolicy;
import java.time.Duration;

/**
 * Everything the topology's behaviour depends on; the topology is a pure function of these.
 *
 * @param budgetsTopic the compacted topic of operator budget changes (key = tenant)
 * @param punctuateInterval how often, on the wall clock, timeouts and period resets are checked
 */
public record TopologySettings(
        Topics topics,
        String budgetsTopic,
        BudgetPolicy budgets,
        Duration freshnessTtl,
        Duration resultTimeout,
        Duration punctuateInterval) {}
