package io.clayenrichment.enrichment.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.enrichment.budget.Backlog;
import io.clayenrichment.enrichment.budget.BudgetLimits;
import io.clayenrichment.enrichment.budget.BudgetPolicy;
import io.clayenrichment.enrichment.budget.BudgetSnapshot;
import io.clayenrichment.enrichment.budget.Spend;
import io.clayenrichment.enrichment.budget.SpendForecast;
import io.clayenrichment.enrichment.tenants.TenantSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The agreed metric names, as Prometheus shows them. */
class MicrometerTopologyMetricsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MicrometerTopologyMetrics metrics = new MicrometerTopologyMetrics(registry);

    @Test
    void reportsUnderTheAgreedNames() {
        metrics.requestRouted("acme", TopologyMetrics.Route.DLQ, "budget_exhausted");
        metrics.deadLettered("budget_exhausted", "acme");
        metrics.creditsReserved("acme", 2500);
        metrics.creditsSettled("acme", 1500);
        metrics.creditsRefunded("acme", 1000);
        BudgetPolicy policy = new BudgetPolicy(new BudgetLimits(10_000, 100_000, false), Map.of(), 1000, 0.8);
        metrics.budget(policy.snapshot("acme", policy.limitsFor("acme", null), "2026-11-27", new Spend(1000, 8500),
                "2026-11", new Spend(1000, 8500)));
        metrics.pending("0_1", 3, Duration.ofSeconds(42));
        metrics.pending("0_2", 1, Duration.ofSeconds(7));
        metrics.resultLatency(Duration.ofSeconds(30));
        metrics.refresh("acme", TopologyMetrics.RefreshOutcome.SENT);
        metrics.refresh("acme", TopologyMetrics.RefreshOutcome.SKIPPED_BUDGET);

        String scrape = registry.scrape();

        assertThat(scrape)
                .contains("clay_enrichment_requests_total{reason=\"budget_exhausted\",route=\"dlq\",tenant=\"acme\"} 1.0")
                .contains("clay_enrichment_dead_letters_total{reason=\"budget_exhausted\",tenant=\"acme\"} 1.0")
                .contains("clay_enrichment_credits_reserved_total{tenant=\"acme\"} 2.5")
                .contains("clay_enrichment_credits_settled_total{tenant=\"acme\"} 1.5")
                .contains("clay_enrichment_credits_refunded_total{tenant=\"acme\"} 1.0")
                .contains("clay_enrichment_credits_remaining{period=\"day\",tenant=\"acme\"} 0.5")
                .contains("clay_enrichment_credits_remaining{period=\"month\",tenant=\"acme\"} 90.5")
                .contains("clay_enrichment_budget_breaker_state{tenant=\"acme\"} 2.0")
                .contains("clay_enrichment_pending_results 4.0")
                .contains("clay_enrichment_pending_oldest_age_seconds 42.0")
                .contains("clay_enrichment_result_latency_seconds_bucket")
                .contains("clay_enrichment_refreshes_total{outcome=\"sent\",tenant=\"acme\"} 1.0")
                .contains("clay_enrichment_refreshes_total{outcome=\"skipped_budget\",tenant=\"acme\"} 1.0");

        metrics.tasksRunning(Set.of("0_2"));
        assertThat(registry.scrape()).contains("clay_enrichment_pending_results 1.0");
    }

    private static final BudgetPolicy POLICY = new BudgetPolicy(new BudgetLimits(10_000, 100_000, false), Map.of(),
            1000, 0.8);

    /** What the topology reports of one request of {@code tenant} that reserved a credit, and its budget. */
    private static void oneRequest(MicrometerTopologyMetrics metrics, String tenant, long spentMilli) {
        metrics.requestRouted(tenant, TopologyMetrics.Route.CLAY, "none");
        metrics.deadLettered("budget_exhausted", tenant);
        metrics.creditsReserved(tenant, 1000);
        metrics.creditsSettled(tenant, 1000);
        metrics.refresh(tenant, TopologyMetrics.RefreshOutcome.SENT);
        metrics.budget(POLICY.snapshot(tenant, POLICY.limitsFor(tenant, null), "2026-11-27", new Spend(0, spentMilli),
                "2026-11", new Spend(0, spentMilli)));
    }

    private static Set<String> tenantLabels(MeterRegistry registry) {
        return registry.getMeters().stream().map(meter -> meter.getId().getTag("tenant"))
                .filter(java.util.Objects::nonNull).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void withoutKnownTenantsTheFirstMaxTenantsKeepTheirNamesAndTheRestShareOther() {
        PrometheusMeterRegistry rotating = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MicrometerTopologyMetrics capped = new MicrometerTopologyMetrics(rotating,
                new TenantLabels(TenantSettings.SERVE_ALL));
        int seriesAfterOne = 0;
        for (int i = 0; i < 1000; i++) {
            oneRequest(capped, "t-" + i, 1000L * (i % 10));
            if (i == 0) {
                seriesAfterOne = rotating.getMeters().size();
            }
        }

        Set<String> labels = tenantLabels(rotating);
        assertThat(labels).hasSize(TenantSettings.DEFAULT_METRICS_MAX_TENANTS + 1).contains("t-0", "t-99", "_other")
                .doesNotContain("t-100", "t-999");
        // every tenant of its own costs at most as many series as the first did; _other no more than one more tenant
        assertThat(rotating.getMeters().size()).isLessThanOrEqualTo(seriesAfterOne * 101);
        String scrape = rotating.scrape();
        assertThat(scrape)
                .contains("clay_enrichment_requests_total{reason=\"none\",route=\"clay\",tenant=\"_other\"} 900.0")
                .contains("clay_enrichment_credits_reserved_total{tenant=\"_other\"} 900.0")
                .contains("clay_enrichment_credits_remaining{period=\"day\",tenant=\"t-7\"} 3.0")
                .doesNotContain("clay_enrichment_credits_remaining{period=\"day\",tenant=\"_other\"}")
                .doesNotContain("clay_enrichment_budget_breaker_state{tenant=\"_other\"}");
        // a tenant that has its label keeps it: its gauges follow its budget
        oneRequest(capped, "t-7", 9000);
        assertThat(rotating.scrape()).contains("clay_enrichment_credits_remaining{period=\"day\",tenant=\"t-7\"} 1.0");
    }

    @Test
    void withKnownTenantsOnlyTheyHaveNamesWhateverProducersSend() {
        PrometheusMeterRegistry rotating = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MicrometerTopologyMetrics known = new MicrometerTopologyMetrics(rotating, new TenantLabels(
                new TenantSettings(Set.of("acme", "beta"), TenantSettings.Unknown.SERVE, 100)));
        for (int i = 0; i < 1000; i++) {
            oneRequest(known, "t-" + i, 0);
        }
        oneRequest(known, "acme", 2500);
        oneRequest(known, "Acme", 0);
        known.deadLettered("invalid", TenantLabels.UNATTRIBUTED);

        assertThat(tenantLabels(rotating)).containsExactly("_other", "acme", "unknown");
        assertThat(rotating.scrape())
                .contains("clay_enrichment_requests_total{reason=\"none\",route=\"clay\",tenant=\"_other\"} 1001.0")
                .contains("clay_enrichment_credits_remaining{period=\"day\",tenant=\"acme\"} 7.5")
                .contains("clay_enrichment_dead_letters_total{reason=\"invalid\",tenant=\"unknown\"} 1.0");
    }

    @Test
    void theForecastIsAGaugePerTenantAndPeriodAndNeededIsNaNUntilDueRefreshesAreCounted() {
        BudgetSnapshot budget = POLICY.snapshot("acme", POLICY.limitsFor("acme", null), "2026-11-27",
                new Spend(3000, 4000), "2026-11", new Spend(3000, 40_000));
        Instant asOf = Instant.parse("2026-11-27T10:00:00Z");

        metrics.forecast(SpendForecast.of(budget, new Backlog(2, 0, 1500, false, 0), asOf));
        assertThat(registry.scrape())
                .contains("clay_enrichment_budget_forecast_needed{period=\"day\",tenant=\"acme\"} NaN")
                .contains("clay_enrichment_budget_forecast_left{period=\"day\",tenant=\"acme\"} 6.0");

        metrics.forecast(SpendForecast.of(budget, new Backlog(2, 5, 1500, true, 0), asOf));
        assertThat(registry.scrape())
                .contains("clay_enrichment_budget_forecast_needed{period=\"day\",tenant=\"acme\"} 13.5")
                .contains("clay_enrichment_budget_forecast_needed{period=\"month\",tenant=\"acme\"} 13.5")
                .contains("clay_enrichment_budget_forecast_left{period=\"day\",tenant=\"acme\"} 6.0")
                .contains("clay_enrichment_budget_forecast_left{period=\"month\",tenant=\"acme\"} 60.0");
    }

    @Test
    void tenantsUnderTheSharedLabelHaveNoForecastGauges() {
        PrometheusMeterRegistry shared = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MicrometerTopologyMetrics known = new MicrometerTopologyMetrics(shared, new TenantLabels(
                new TenantSettings(Set.of("acme"), TenantSettings.Unknown.SERVE, 100)));
        BudgetSnapshot budget = POLICY.snapshot("t-1", POLICY.limitsFor("t-1", null), "2026-11-27", Spend.NONE,
                "2026-11", Spend.NONE);

        known.forecast(SpendForecast.of(budget, new Backlog(0, 0, 1000, true, 0), Instant.EPOCH));

        assertThat(shared.scrape()).doesNotContain("clay_enrichment_budget_forecast");
    }
}
