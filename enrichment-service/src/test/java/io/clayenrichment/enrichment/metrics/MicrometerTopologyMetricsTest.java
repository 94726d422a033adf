package io.clayenrichment.enrichment.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.enrichment.budget.BudgetLimits;
import io.clayenrichment.enrichment.budget.BudgetPolicy;
import io.clayenrichment.enrichment.budget.Spend;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
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
}
