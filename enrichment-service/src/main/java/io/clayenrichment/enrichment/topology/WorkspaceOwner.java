package io.clayenrichment.enrichment.topology;

import io.clayenrichment.enrichment.budget.BudgetLimits;
import io.clayenrichment.enrichment.budget.BudgetOverride;
import io.clayenrichment.enrichment.budget.Credits;
import io.clayenrichment.enrichment.budget.WorkspaceBudget;
import io.clayenrichment.enrichment.budget.WorkspaceLedger;
import io.clayenrichment.enrichment.metrics.TopologyMetrics;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one owner of the workspace budget: the single task of the single-partition leases topic. It
 * leases credits to the decider tasks that ask, never more than the workspace has left, and takes back
 * what they return; its ledger is changelogged and written in the same transaction as its grants.
 */
final class WorkspaceOwner implements Processor<String, LeaseUpdate, String, LeaseGrant> {

    private static final Logger LOG = LoggerFactory.getLogger(WorkspaceOwner.class);

    private final TopologySettings settings;
    private final TopologyMetrics metrics;
    private ProcessorContext<String, LeaseGrant> context;
    private KeyValueStore<String, WorkspaceLedger> ledgers;
    private KeyValueStore<String, BudgetOverride> overrides;

    WorkspaceOwner(TopologySettings settings, TopologyMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, LeaseGrant> context) {
        this.context = context;
        this.ledgers = context.getStateStore(StoreNames.WORKSPACE);
        this.overrides = context.getStateStore(StoreNames.BUDGETS);
        if (settings.workspace().enabled()) {
            context.schedule(settings.punctuateInterval(), PunctuationType.WALL_CLOCK_TIME, this::report);
        }
    }

    @Override
    public void process(Record<String, LeaseUpdate> record) {
        LeaseUpdate update = record.value();
        if (update == null || update.dayId() == null || update.monthId() == null || !settings.workspace().enabled()) {
            return;
        }
        long now = context.currentSystemTimeMs();
        WorkspaceLedger ledger = current(now).applied(update.dayId(), update.monthId(), update.returnMilli(),
                update.spentMilli());
        BudgetLimits limits = limits();
        if (update.asks()) {
            long leasable = limits.forceOpen() ? 0 : ledger.leasable(limits);
            long granted = leasable < update.needMilli() ? 0 : Math.min(update.wantMilli(), leasable);
            String refusal = granted > 0 ? null : refusal(ledger, limits, update.needMilli());
            ledger = ledger.leased(granted);
            context.forward(new Record<>(Integer.toString(update.holder()), new LeaseGrant(update.holder(),
                    ledger.dayId(), ledger.monthId(), granted, refusal), now, new RecordHeaders()));
            if (granted == 0) {
                LOG.debug("workspace lease refused to task partition {}: {}", update.holder(), refusal);
            }
        }
        ledgers.put(StoreNames.WORKSPACE_KEY, ledger);
        metrics.workspace(ledger, limits);
    }

    private void report(long now) {
        metrics.workspace(current(now), limits());
    }

    private WorkspaceLedger current(long now) {
        WorkspaceLedger stored = ledgers.get(StoreNames.WORKSPACE_KEY);
        WorkspaceLedger ledger = stored == null ? WorkspaceLedger.startingAt(now) : stored.rolledTo(now);
        if (ledger != stored) {
            ledgers.put(StoreNames.WORKSPACE_KEY, ledger);
        }
        return ledger;
    }

    private BudgetLimits limits() {
        return settings.workspace().limitsWith(overrides.get(WorkspaceBudget.OVERRIDE_KEY));
    }

    private static String refusal(WorkspaceLedger ledger, BudgetLimits limits, long needMilli) {
        if (limits.forceOpen()) {
            return "credit breaker of the workspace is forced open by an operator";
        }
        boolean dayFull = ledger.day().committedMilli() + needMilli > limits.dailyMilli();
        return (dayFull ? "daily" : "monthly") + " budget of the workspace for "
                + (dayFull ? ledger.dayId() : ledger.monthId()) + " is exhausted: limit "
                + Credits.format(dayFull ? limits.dailyMilli() : limits.monthlyMilli()) + ", committed "
                + Credits.format((dayFull ? ledger.day() : ledger.month()).committedMilli())
                + " (leased to tasks or spent), cost " + Credits.format(needMilli);
    }
}
