package io.clayenrichment.enrichment.topology;

import io.clayenrichment.enrichment.budget.BudgetSnapshot;
import io.clayenrichment.enrichment.budget.SpendForecast;
import io.clayenrichment.enrichment.metrics.TopologyMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link TopologyMetrics} that remembers what it was told, for assertions. */
final class RecordingMetrics implements TopologyMetrics {

    final Map<String, Long> counters = new ConcurrentHashMap<>();
    final Map<String, BudgetSnapshot> budgets = new ConcurrentHashMap<>();
    final Map<String, SpendForecast> forecasts = new ConcurrentHashMap<>();
    final List<Duration> latencies = new CopyOnWriteArrayList<>();
    volatile int pending;
    volatile long held;

    long count(String name) {
        return counters.getOrDefault(name, 0L);
    }

    private void add(String name, long amount) {
        counters.merge(name, amount, Long::sum);
    }

    @Override
    public void requestRouted(String tenant, Route route, String reason) {
        add("requests/" + tenant + "/" + route.wire() + "/" + reason, 1);
    }

    @Override
    public void refresh(String tenant, RefreshOutcome outcome) {
        add("refresh/" + tenant + "/" + outcome.wire(), 1);
    }

    @Override
    public void deadLettered(String reason, String tenant) {
        add("dead/" + reason + "/" + tenant, 1);
    }

    @Override
    public void creditsReserved(String tenant, long milli) {
        add("reserved/" + tenant, milli);
    }

    @Override
    public void creditsSettled(String tenant, long milli) {
        add("settled/" + tenant, milli);
    }

    @Override
    public void creditsRefunded(String tenant, long milli) {
        add("refunded/" + tenant, milli);
    }

    @Override
    public void budget(BudgetSnapshot snapshot) {
        budgets.put(snapshot.tenant(), snapshot);
    }

    @Override
    public void forecast(SpendForecast forecast) {
        forecasts.put(forecast.tenant(), forecast);
    }

    @Override
    public void creditsOvershoot(String tenant, io.clayenrichment.enrichment.budget.Period period, long milli) {
        add("overshoot/" + tenant + "/" + period.wire(), milli);
    }

    @Override
    public void resultUnmatched() {
        add("unmatched", 1);
    }

    @Override
    public void heldReservations(String taskId, long count) {
        held = count;
    }

    @Override
    public void pending(String taskId, int count, Duration oldestAge) {
        pending = count;
    }

    @Override
    public void resultLatency(Duration latency) {
        latencies.add(latency);
    }
}
