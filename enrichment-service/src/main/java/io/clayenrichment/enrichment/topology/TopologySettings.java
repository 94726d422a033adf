package io.clayenrichment.enrichment.topology;

import io.clayenrichment.common.topics.Topics;
import io.clayenrichment.enrichment.budget.BudgetPolicy;
import io.clayenrichment.enrichment.budget.WorkspaceBudget;
import io.clayenrichment.enrichment.refresh.RefreshSettings;
import io.clayenrichment.enrichment.tenants.TenantSettings;
import java.time.Duration;

/**
 * Everything the topology's behaviour depends on; the topology is a pure function of these.
 *
 * @param budgetsTopic the compacted topic of operator budget changes (key = tenant)
 * @param receiptsTopic the dispatcher's receipts for rows (key = tenant)
 * @param budgetChangesTopic operators' partial budget changes (key = tenant), folded into {@code budgetsTopic}
 * @param punctuateInterval how often, on the wall clock, timeouts and period resets are checked
 * @param refresh scheduled refresh of stale contacts (off unless {@code REFRESH_AFTER} is set)
 * @param lateResultWindow how long after its attempt ended without a result a reservation whose row
 *     may have reached Clay is held for a late result, before it is charged at its estimate
 * @param maxWaitersPerContact duplicates that may wait for one attempt; more are dead-lettered
 * @param tenants the known tenants, and whether requests of other tenants are served or refused
 * @param workspace the workspace budget over all tenants (off unless its limits are set)
 * @param internalRecordVersion the version of internal records written (repartition topic, binary
 *     stores): the newest unless a rolling upgrade from a build that reads only an older one is under way
 */
public record TopologySettings(
        Topics topics,
        String budgetsTopic,
        String receiptsTopic,
        String budgetChangesTopic,
        BudgetPolicy budgets,
        Duration freshnessTtl,
        Duration resultTimeout,
        Duration punctuateInterval,
        RefreshSettings refresh,
        Duration lateResultWindow,
        int maxWaitersPerContact,
        TenantSettings tenants,
        WorkspaceBudget workspace,
        int internalRecordVersion) {

    public TopologySettings {
        BinaryCodec.writable(internalRecordVersion);
    }

    public static final Duration DEFAULT_LATE_RESULT_WINDOW = Duration.ofDays(7);
    public static final int DEFAULT_MAX_WAITERS_PER_CONTACT = 100;
    /** The internal record version this build writes by default. */
    public static final int NEWEST_RECORD_VERSION = BinaryCodec.VERSION;
    /** The oldest internal record version this build can be told to write (the one the previous build reads). */
    public static final int OLDEST_RECORD_VERSION = BinaryCodec.OLDEST_WRITABLE;

    /** Settings with the defaults for receipts, budget changes, late results, waiters and tenants (all served). */
    public TopologySettings(Topics topics, String budgetsTopic, BudgetPolicy budgets, Duration freshnessTtl,
            Duration resultTimeout, Duration punctuateInterval, RefreshSettings refresh) {
        this(topics, budgetsTopic, Topics.DEFAULT_RECEIPTS, Topics.DEFAULT_BUDGET_CHANGES, budgets, freshnessTtl,
                resultTimeout, punctuateInterval, refresh, DEFAULT_LATE_RESULT_WINDOW, DEFAULT_MAX_WAITERS_PER_CONTACT,
                TenantSettings.SERVE_ALL, WorkspaceBudget.OFF, BinaryCodec.VERSION);
    }

    /** Settings without scheduled refresh. */
    public TopologySettings(Topics topics, String budgetsTopic, BudgetPolicy budgets, Duration freshnessTtl,
            Duration resultTimeout, Duration punctuateInterval) {
        this(topics, budgetsTopic, budgets, freshnessTtl, resultTimeout, punctuateInterval, RefreshSettings.OFF);
    }

    public TopologySettings withRefresh(RefreshSettings changed) {
        return new TopologySettings(topics, budgetsTopic, receiptsTopic, budgetChangesTopic, budgets, freshnessTtl, resultTimeout,
                punctuateInterval, changed, lateResultWindow, maxWaitersPerContact, tenants, workspace, internalRecordVersion);
    }

    public TopologySettings withMaxWaitersPerContact(int changed) {
        return new TopologySettings(topics, budgetsTopic, receiptsTopic, budgetChangesTopic, budgets, freshnessTtl, resultTimeout,
                punctuateInterval, refresh, lateResultWindow, changed, tenants, workspace, internalRecordVersion);
    }

    public TopologySettings withLateResultWindow(Duration changed) {
        return new TopologySettings(topics, budgetsTopic, receiptsTopic, budgetChangesTopic, budgets, freshnessTtl, resultTimeout,
                punctuateInterval, refresh, changed, maxWaitersPerContact, tenants, workspace, internalRecordVersion);
    }

    public TopologySettings withTenants(TenantSettings changed) {
        return new TopologySettings(topics, budgetsTopic, receiptsTopic, budgetChangesTopic, budgets, freshnessTtl, resultTimeout,
                punctuateInterval, refresh, lateResultWindow, maxWaitersPerContact, changed, workspace, internalRecordVersion);
    }

    public TopologySettings withInternalRecordVersion(int changed) {
        return new TopologySettings(topics, budgetsTopic, receiptsTopic, budgetChangesTopic, budgets, freshnessTtl,
                resultTimeout, punctuateInterval, refresh, lateResultWindow, maxWaitersPerContact, tenants, workspace,
                changed);
    }

    public TopologySettings withWorkspace(WorkspaceBudget changed) {
        return new TopologySettings(topics, budgetsTopic, receiptsTopic, budgetChangesTopic, budgets, freshnessTtl,
                resultTimeout, punctuateInterval, refresh, lateResultWindow, maxWaitersPerContact, tenants, changed, internalRecordVersion);
    }
}
