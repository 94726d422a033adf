package io.clayenrichment.enrichment.topology;

import io.clayenrichment.enrichment.budget.Backlog;
import io.clayenrichment.enrichment.budget.BudgetSnapshot;
import io.clayenrichment.enrichment.budget.SpendForecast;
import io.clayenrichment.enrichment.metrics.TopologyMetrics;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToLongFunction;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The spend forecast of one decider task's tenants: on the wall clock it writes each tenant's backlog
 * (requests waiting for a workspace lease, due refreshes of the last complete count, what an attempt
 * reserves) to the in-memory store {@link StoreNames#FORECAST} when it changed, then the task's own
 * entry ({@link StoreNames#FORECAST_TASK_KEY}: counted or not, and when), which the HTTP API reads
 * through interactive queries, and reports each tenant's forecast as metrics. The store is not
 * changelogged: everything in it is recomputed from changelogged state (the waiting requests at once,
 * due refreshes after one pass over the cache), so after a restore it starts empty and is written at
 * initialisation, then on every punctuation.
 */
final class ForecastBook {

    private final KeyValueStore<String, Backlog> store;
    private final RefreshBacklog refreshes;
    private final WorkspaceLeaseBook workspace;
    private final ToLongFunction<String> costMilli;
    private final TopologyMetrics metrics;
    /** What the store holds per tenant, written by this book only (the store is empty when it is made). */
    private final Map<String, Backlog> published = new HashMap<>();

    ForecastBook(KeyValueStore<String, Backlog> store, RefreshBacklog refreshes, WorkspaceLeaseBook workspace,
            ToLongFunction<String> costMilli, TopologyMetrics metrics) {
        this.store = store;
        this.refreshes = refreshes;
        this.workspace = workspace;
        this.costMilli = costMilli;
        this.metrics = metrics;
    }

    /** At initialisation: the waiting requests of the tenants {@code known} (due refreshes not counted yet). */
    void start(Set<String> known, long nowMs) {
        publish(known, List.of(), nowMs);
    }

    /** On the wall clock, after the budgets were re-evaluated ({@code budgets}: every tenant the task has seen). */
    void onClock(List<BudgetSnapshot> budgets, long nowMs) {
        publish(Set.of(), budgets, nowMs);
    }

    private void publish(Set<String> known, List<BudgetSnapshot> budgets, long nowMs) {
        Set<String> tenants = new TreeSet<>(known);
        budgets.forEach(budget -> tenants.add(budget.tenant()));
        tenants.addAll(workspace.waitingTenants());
        tenants.addAll(refreshes.tenants());
        tenants.addAll(published.keySet());
        boolean counted = refreshes.counted();
        Map<String, Backlog> now = new HashMap<>();
        for (String tenant : tenants) {
            Backlog backlog = new Backlog(workspace.waitingOf(tenant), refreshes.dueOf(tenant),
                    costMilli.applyAsLong(tenant), counted, nowMs);
            now.put(tenant, backlog);
            if (backlog.differsFrom(published.get(tenant))) {
                store.put(tenant, backlog);
                published.put(tenant, backlog);
            }
        }
        // Last: a reader that finds the task's entry counted finds every tenant's entry of that count.
        store.put(StoreNames.FORECAST_TASK_KEY, Backlog.none(0, counted, nowMs));
        Instant asOf = Instant.ofEpochMilli(nowMs);
        for (BudgetSnapshot budget : budgets) {
            metrics.forecast(SpendForecast.of(budget, now.get(budget.tenant()), asOf));
        }
    }
}
