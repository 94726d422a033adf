package io.clayenrichment.enrichment.topology;

import io.clayenrichment.common.topics.Topics;
import io.clayenrichment.enrichment.budget.BudgetPolicy;
import io.clayenrichment.enrichment.refresh.RefreshSettings;
import java.time.Duration;

/**
 * Everything the topology's behaviour depends on; the topology is a pure function of these.
 *
 * @param budgetsTopic the compacted topic of operator budget changes (key = tenant)
 * @param punctuateInterval how often, on the wall clock, timeouts and period resets are checked
 * @param refresh scheduled refresh of stale contacts (off unless {@code REFRESH_AFTER} is set)
 */
public record TopologySettings(
        Topics topics,
        String budgetsTopic,
        BudgetPolicy budgets,
        Duration freshnessTtl,
        Duration resultTimeout,
        Duration punctuateInterval,
        RefreshSettings refresh) {

    /** Settings without scheduled refresh. */
    public TopologySettings(Topics topics, String budgetsTopic, BudgetPolicy budgets, Duration freshnessTtl,
            Duration resultTimeout, Duration punctuateInterval) {
        this(topics, budgetsTopic, budgets, freshnessTtl, resultTimeout, punctuateInterval, RefreshSettings.OFF);
    }

    public TopologySettings withRefresh(RefreshSettings changed) {
        return new TopologySettings(topics, budgetsTopic, budgets, freshnessTtl, resultTimeout, punctuateInterval,
                changed);
    }
}
