package io.clayenrichment.enrichment.topology;

import io.clayenrichment.enrichment.cache.Freshness;
import io.clayenrichment.enrichment.metrics.TopologyMetrics;
import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Every decision about a tenant, in the one task that owns the tenant: answer a request from the
 * freshness cache, let it wait for the attempt in flight for the same contact, or reserve credits and
 * send a row to Clay ({@link RequestDecision}); then end each attempt exactly once, by its result
 * ({@link ResultSettlement}), a dispatcher receipt that gives it up, or its deadline
 * ({@link AttemptEndings}). An attempt that ends without a result keeps its reservation until the
 * row's fate is known ({@link OpenReservation}): credits are given back only when the row never
 * reached Clay, and a late result is charged to the periods it was reserved in. All state is in
 * changelogged stores written in the same transaction as the outputs, so with exactly-once processing
 * a crash never double-counts a credit or repeats an outcome.
 */
final class TenantDecider implements Processor<String, TenantEvent, String, Routed> {

    private final TopologySettings settings;
    private final TopologyMetrics metrics;

    private ProcessorContext<String, Routed> context;
    private String taskId;
    private BudgetBook budget;
    private AttemptBook attempts;
    private FreshnessCache cache;
    private RefreshPlanner refresh;
    private WorkspaceLeaseBook workspace;
    private RequestDecision requests;
    private ResultSettlement results;
    private AttemptEndings endings;
    private RefreshBacklog backlog;
    private ForecastBook forecasts;

    TenantDecider(TopologySettings settings, TopologyMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
        taskId = context.taskId().toString();
        DecisionOutputs outputs = new DecisionOutputs(context, metrics);
        workspace = new WorkspaceLeaseBook(settings.workspace(), context.taskId().partition(),
                settings.budgets().costMilli(), settings.punctuateInterval().toMillis() * 2,
                context.getStateStore(StoreNames.LEASE), context.getStateStore(StoreNames.LEASE_WAITING),
                context.getStateStore(StoreNames.BUDGETS), outputs::toWorkspace);
        budget = new BudgetBook(settings.budgets(), context.getStateStore(StoreNames.SPEND),
                context.getStateStore(StoreNames.BUDGETS), context.getStateStore(StoreNames.COSTS), metrics,
                workspace::settled);
        attempts = new AttemptBook(context.getStateStore(StoreNames.ATTEMPTS),
                context.getStateStore(StoreNames.WAITERS), context.getStateStore(StoreNames.HELD),
                settings.maxWaitersPerContact());
        cache = new FreshnessCache(context.getStateStore(StoreNames.FRESHNESS), new Freshness(settings.freshnessTtl()));
        refresh = new RefreshPlanner(settings, cache.store(), context.getStateStore(StoreNames.ATTEMPTS),
                context.getStateStore(StoreNames.REFRESHES), metrics);
        AttemptStarter starter = new AttemptStarter(settings.resultTimeout(), budget, attempts, workspace, outputs);
        requests = new RequestDecision(settings.maxWaitersPerContact(), cache, attempts, budget, workspace, starter,
                outputs);
        results = new ResultSettlement(budget, attempts, cache, outputs, metrics);
        endings = new AttemptEndings(settings.resultTimeout(), settings.lateResultWindow(), budget, attempts, outputs);
        backlog = RefreshBacklog.of(settings, attempts::isInFlight);
        forecasts = new ForecastBook(context.getStateStore(StoreNames.FORECAST), backlog, workspace,
                budget::nextCostMilli, metrics);
        forecasts.start(budget.tenants(), context.currentSystemTimeMs());
        context.schedule(settings.punctuateInterval(), PunctuationType.WALL_CLOCK_TIME, this::onClock);
    }

    @Override
    public void process(Record<String, TenantEvent> record) {
        String tenant = record.key();
        long now = context.currentSystemTimeMs();
        TenantEvent event = record.value();
        if (event instanceof RequestEnvelope request) {
            requests.decide(tenant, request, now);
        } else if (event instanceof TenantEvent.ClayResult result) {
            results.settle(tenant, result.result(), now);
        } else if (event instanceof TenantEvent.RowReceipt receipt) {
            endings.onReceipt(tenant, receipt.receipt(), now);
        } else if (event instanceof TenantEvent.WorkspaceGrant grant) {
            workspace.granted(grant.grant(), now, waiting -> requests.decideAgain(waiting, now));
        }
    }

    /**
     * The duties of the wall clock: attempts and held reservations past their time, then upkeep (the
     * eviction walk also counts due refreshes), gauges and the spend forecast.
     */
    private void onClock(long now) {
        endings.endPastDeadline(now);
        endings.endHeldPastWindow(now);
        cache.evictExpired(now, backlog);
        refresh.onClock(taskId, now, budget::snapshot, (tenant, storeKey, request, snapshot, at) -> {
            requests.refresh(tenant, storeKey, request, snapshot, at);
            if (attempts.isInFlight(storeKey)) {
                backlog.refreshStarted(tenant);
            }
        });
        workspace.onClock(now, waiting -> requests.decideAgain(waiting, now));
        forecasts.onClock(budget.reportAll(now), now);
        long timeout = settings.resultTimeout().toMillis();
        long oldestStart = attempts.earliestDeadline().orElse(now + timeout) - timeout;
        metrics.pending(taskId, attempts.inFlightCount(), Duration.ofMillis(Math.max(0, now - oldestStart)));
        metrics.heldReservations(taskId, attempts.heldCount());
    }
}
