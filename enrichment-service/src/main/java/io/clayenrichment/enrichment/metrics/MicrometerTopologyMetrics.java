package io.clayenrichment.enrichment.metrics;

import io.clayenrichment.enrichment.budget.BudgetLimits;
import io.clayenrichment.enrichment.budget.BudgetSnapshot;
import io.clayenrichment.enrichment.budget.Period;
import io.clayenrichment.enrichment.budget.Spend;
import io.clayenrichment.enrichment.budget.SpendForecast;
import io.clayenrichment.enrichment.budget.WorkspaceLedger;
import io.clayenrichment.enrichment.tenants.TenantSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The platform's enrichment metrics in Micrometer, under the agreed {@code clay.enrichment.} names.
 * Every {@code tenant} label comes from {@link TenantLabels}, so the number of series stays bounded
 * however many tenant names producers send.
 */
public final class MicrometerTopologyMetrics implements TopologyMetrics {

    /** A per-tenant gauge's value that reads NaN: not known yet. */
    private static final long UNKNOWN = Long.MIN_VALUE;

    private final MeterRegistry registry;
    private final TenantLabels tenants;
    private final Timer resultLatency;
    private final Map<String, AtomicLong> gaugeValues = new ConcurrentHashMap<>();
    private final Map<String, long[]> pendingByTask = new ConcurrentHashMap<>();
    private final Map<String, Long> heldByTask = new ConcurrentHashMap<>();
    private final Counter unmatchedResults;

    /** With no known tenants: the first {@value TenantSettings#DEFAULT_METRICS_MAX_TENANTS} tenants are named. */
    public MicrometerTopologyMetrics(MeterRegistry registry) {
        this(registry, new TenantLabels(TenantSettings.SERVE_ALL));
    }

    public MicrometerTopologyMetrics(MeterRegistry registry, TenantLabels tenants) {
        this.registry = registry;
        this.tenants = tenants;
        this.resultLatency = Timer.builder("clay.enrichment.result.latency")
                .description("from sending a row to Clay to its result arriving")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofSeconds(1))
                .maximumExpectedValue(Duration.ofHours(2))
                .register(registry);
        Gauge.builder("clay.enrichment.pending.results", this, m -> m.pendingTotal())
                .description("attempts sent to Clay and waiting for a result, on this instance")
                .register(registry);
        Gauge.builder("clay.enrichment.pending.oldest.age", this, m -> m.pendingOldestSeconds())
                .description("age in seconds of the oldest attempt waiting for a result, on this instance")
                .baseUnit("seconds")
                .register(registry);
        Gauge.builder("clay.enrichment.reservations.held", this, m -> m.heldTotal())
                .description("reservations held after their attempt ended, until their row's fate is known,"
                        + " on this instance")
                .register(registry);
        unmatchedResults = Counter.builder("clay.enrichment.results.unmatched")
                .description("Clay results that matched no attempt (duplicate, very late or forged): no settlement,"
                        + " no cache")
                .register(registry);
    }

    @Override
    public void creditsOvershoot(String tenant, Period period, long milli) {
        Counter.builder("clay.enrichment.credits.overshoot")
                .description("credits settled above a period's limit (results costing more than reserved, late"
                        + " results), as decimals")
                .tags("tenant", tenants.of(tenant), "period", period.wire()).register(registry).increment(milli / 1000.0);
    }

    /**
     * The workspace budget's figures, from the instance whose task owns it; an instance that stops
     * owning it keeps its last figures until it restarts (read the owner's, with the highest updated time).
     */
    @Override
    public void workspace(WorkspaceLedger ledger, BudgetLimits limits) {
        for (Period period : Period.values()) {
            Spend spend = period == Period.DAY ? ledger.day() : ledger.month();
            workspaceGauge("clay.enrichment.workspace.credits.limit", "the workspace's credit limit per period",
                    period, limits.limitMilli(period));
            workspaceGauge("clay.enrichment.workspace.credits.leased", "credits leased to decider tasks and not yet"
                    + " charged (their unused leases and open reservations)", period, spend.reservedMilli());
            workspaceGauge("clay.enrichment.workspace.credits.spent", "credits results charged, all tenants together",
                    period, spend.spentMilli());
        }
        workspaceGauge("clay.enrichment.workspace.forced.open", "1 while an operator forces the workspace breaker open",
                null, limits.forceOpen() ? 1000 : 0);
    }

    private void workspaceGauge(String name, String description, Period period, long milli) {
        String key = name + (period == null ? "" : "|" + period.wire());
        AtomicLong value = gaugeValues.computeIfAbsent(key, k -> {
            AtomicLong holder = new AtomicLong();
            Gauge.Builder<AtomicLong> gauge = Gauge.builder(name, holder, v -> v.get() / 1000.0).description(description);
            if (period != null) {
                gauge.tag("period", period.wire());
            }
            gauge.register(registry);
            return holder;
        });
        value.set(milli);
    }

    @Override
    public void resultUnmatched() {
        unmatchedResults.increment();
    }

    @Override
    public void heldReservations(String taskId, long count) {
        heldByTask.put(taskId, count);
    }

    private double heldTotal() {
        return heldByTask.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public void requestRouted(String tenant, Route route, String reason) {
        Counter.builder("clay.enrichment.requests").description("requests by outcome")
                .tags("tenant", tenants.of(tenant), "route", route.wire(), "reason", reason).register(registry).increment();
    }

    @Override
    public void refresh(String tenant, RefreshOutcome outcome) {
        Counter.builder("clay.enrichment.refreshes")
                .description("stale contacts re-requested (sent) or passed over for budget or rate, by scheduled refresh")
                .tags("tenant", tenants.of(tenant), "outcome", outcome.wire()).register(registry).increment();
    }

    @Override
    public void deadLettered(String reason, String tenant) {
        Counter.builder("clay.enrichment.dead.letters").description("records sent to the dead-letter topic")
                .tags("reason", reason, "tenant", tenants.of(tenant)).register(registry).increment();
    }

    @Override
    public void creditsReserved(String tenant, long milli) {
        credits("clay.enrichment.credits.reserved", tenant, milli);
    }

    @Override
    public void creditsSettled(String tenant, long milli) {
        credits("clay.enrichment.credits.settled", tenant, milli);
    }

    @Override
    public void creditsRefunded(String tenant, long milli) {
        credits("clay.enrichment.credits.refunded", tenant, milli);
    }

    private void credits(String name, String tenant, long milli) {
        Counter.builder(name).description("credits, as decimals").tags("tenant", tenants.of(tenant)).register(registry)
                .increment(milli / 1000.0);
    }

    @Override
    public void budget(BudgetSnapshot snapshot) {
        String tenant = snapshot.tenant();
        if (!tenants.hasOwnLabel(tenant)) {
            // A gauge is one tenant's figure: the tenants under the shared label have none, rather than a wrong one.
            return;
        }
        for (Period period : Period.values()) {
            gauge("clay.enrichment.credits.remaining", "credits left in the current period", tenant,
                    period.wire()).set(snapshot.remainingMilli(period));
        }
        gauge("clay.enrichment.budget.breaker.state", "0 closed, 1 warning, 2 open, 3 forced open", tenant, null)
                .set(snapshot.state().code() * 1000L);
    }

    /**
     * Per tenant and period: credits needed to drain what is queued, and credits left before
     * reservations. {@code needed} reads NaN until due refreshes have been counted after a start (it
     * would be too low), so an alert comparing the two stays quiet rather than wrong.
     */
    @Override
    public void forecast(SpendForecast forecast) {
        String tenant = forecast.tenant();
        if (!tenants.hasOwnLabel(tenant)) {
            return;
        }
        for (Period period : Period.values()) {
            SpendForecast.PeriodForecast figures = forecast.in(period);
            gauge("clay.enrichment.budget.forecast.left", "credits left in the current period before"
                    + " reservations: the limit minus what results charged", tenant, period.wire())
                    .set(figures.leftMilli());
            gauge("clay.enrichment.budget.forecast.needed", "credits needed to drain what is queued: reserved by"
                    + " open attempts, plus requests waiting for a workspace lease and due refreshes at the estimated"
                    + " cost (NaN until due refreshes are counted)", tenant, period.wire())
                    .set(forecast.refreshesCounted() ? figures.neededMilli() : UNKNOWN);
        }
    }

    /** A gauge per tenant (and period) holding milli-units, shown in whole units. */
    private AtomicLong gauge(String name, String description, String tenant, String period) {
        String key = name + '|' + tenant + '|' + period;
        return gaugeValues.computeIfAbsent(key, k -> {
            AtomicLong value = new AtomicLong();
            Gauge.Builder<AtomicLong> builder = Gauge.builder(name, value,
                            v -> v.get() == UNKNOWN ? Double.NaN : v.get() / 1000.0)
                    .description(description).tag("tenant", tenant);
            if (period != null) {
                builder.tag("period", period);
            }
            builder.register(registry);
            return value;
        });
    }

    @Override
    public void pending(String taskId, int count, Duration oldestAge) {
        pendingByTask.put(taskId, new long[] {count, oldestAge.toSeconds()});
    }

    @Override
    public void tasksRunning(java.util.Set<String> taskIds) {
        pendingByTask.keySet().retainAll(taskIds);
        heldByTask.keySet().retainAll(taskIds);
    }

    private double pendingTotal() {
        return pendingByTask.values().stream().mapToLong(v -> v[0]).sum();
    }

    private double pendingOldestSeconds() {
        return pendingByTask.values().stream().filter(v -> v[0] > 0).mapToLong(v -> v[1]).max().orElse(0);
    }

    @Override
    public void resultLatency(Duration latency) {
        resultLatency.record(latency);
    }
}
