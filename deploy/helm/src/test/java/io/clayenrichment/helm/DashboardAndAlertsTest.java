package io.clayenrichment.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The dashboard and the alerts query only metrics (and labels) the services export, and cover what matters. */
class DashboardAndAlertsTest {

    private final Map<String, Set<String>> exported = ExportedMetrics.series();

    @Test
    void dashboardParsesAndTheChartShipsTheSameOne() {
        Dashboard dashboard = Dashboard.read(Dashboard.IN_REPO);

        assertThat(dashboard.root().path("uid").asText()).isEqualTo("clay-enrichment");
        assertThat(dashboard.queries()).hasSizeGreaterThan(10);
        assertThat(Dashboard.read(Dashboard.IN_CHART).text()).as("chart copy of the dashboard").isEqualTo(dashboard.text());
    }

    @Test
    void everyDashboardQueryUsesExportedMetricsAndLabels() {
        for (Dashboard.Query query : Dashboard.read(Dashboard.IN_REPO).queries()) {
            assertThat(PromQuery.problems(query.expr(), exported)).as("panel '%s': %s", query.panel(), query.expr()).isEmpty();
        }
    }

    @Test
    void dashboardShowsWhatOperatorsNeed() {
        Map<String, String> queriesByPanel = Dashboard.read(Dashboard.IN_REPO).queries().stream()
                .collect(Collectors.toMap(q -> q.panel(), q -> q.expr(), (a, b) -> a + "\n" + b));
        String all = String.join("\n", queriesByPanel.values());

        assertThat(all).contains(
                "clay_enrichment_requests_total", // requests by route
                "clay_enrichment_credits_settled_total", // credits spent
                "clay_enrichment_credits_remaining", // credits left
                "clay_enrichment_budget_breaker_state", "clay_enrichment_clay_breaker_state", // breakers
                "clay_enrichment_clay_rows_total", "$clay_rate_limit", // send rate against its limit
                "clay_enrichment_clay_latency_seconds_bucket", // Clay latency
                "clay_enrichment_callbacks_total", // callbacks received
                "clay_enrichment_pending_results", // pending results
                "clay_enrichment_dead_letters_total", // dead letters by reason
                "clay_enrichment_sync_requests_total", "clay_enrichment_intake_requests_total", // HTTP ways in
                "clay_enrichment_contact_lookups_total",
                "clay_enrichment_refreshes_total", // scheduled refresh
                "clay_enrichment_reservations_held", "clay_enrichment_credits_overshoot_total", // credit safety
                "clay_enrichment_results_unmatched_total", "outcome=\"expired\"",
                "clay_enrichment_clay_intent_seconds_bucket");
        assertThat(queriesByPanel.get("Requests by route")).contains("by (route");
        assertThat(queriesByPanel.get("Dead letters by reason")).contains("by (reason");
        assertThat(queriesByPanel.get("Credits left per tenant")).contains("tenant");
        assertThat(queriesByPanel.get("Scheduled refreshes")).contains("by (outcome");
        assertThat(queriesByPanel.get("Credits over budget per tenant (per hour)")).contains("by (tenant, period)");
        assertThat(queriesByPanel.get("Intent latency (p99)")).startsWith("histogram_quantile(0.99,");
    }

    @Test
    void theCreditSafetyRowHoldsItsPanels() {
        List<String> titles = Dashboard.read(Dashboard.IN_REPO).panels().stream().map(p -> p.path("title").asText()).toList();

        assertThat(titles.subList(titles.indexOf("Credit safety"), titles.indexOf("Priority lanes and workspaces")))
                .containsExactly("Credit safety", "Reservations held", "Credits over budget per tenant (per hour)",
                        "Unmatched results", "Rows expired unsent", "Intent latency (p99)");
    }

    @Test
    void theLanesAndWorkspacesRowShowsEachLanesBacklogAgeAndRateAndEachWorkspacesRate() {
        Dashboard dashboard = Dashboard.read(Dashboard.IN_REPO);
        List<String> titles = dashboard.panels().stream().map(p -> p.path("title").asText()).toList();

        assertThat(titles.subList(titles.indexOf("Priority lanes and workspaces"), titles.size())).containsExactly(
                "Priority lanes and workspaces", "Rows waiting per lane", "Oldest waiting row per lane",
                "Rows sent per lane", "Rows sent per workspace", "Rate limit per workspace");
        assertThat(dashboard.panels().stream().filter(p -> p.path("title").asText().endsWith("per lane"))
                .flatMap(p -> java.util.stream.StreamSupport.stream(p.path("targets").spliterator(), false))
                .map(target -> target.path("expr").asText()))
                .hasSize(3).allSatisfy(expr -> assertThat(expr).contains("by (lane)").contains("clay_enrichment_clay_lane_"));
        assertThat(dashboard.panels().stream().filter(p -> p.path("title").asText().endsWith("per workspace"))
                .map(p -> p.path("targets").get(0).path("expr").asText()))
                .hasSize(2).allSatisfy(expr -> assertThat(expr).contains("by (workspace)"));
    }

    @Test
    void theOvershootAlertTellsTheOperatorWhatToDo() {
        Map<String, Object> overshoot = alertRules().stream().filter(rule -> rule.get("alert").equals("ClayCreditOvershoot"))
                .findFirst().orElseThrow();

        assertThat(overshoot.get("expr").toString()).contains("[1h]").contains("offset 1h");
        assertThat(overshoot.get("annotations").toString()).contains("CREDIT_COST_PER_ENRICHMENT")
                .contains("creditReservation=adaptive").contains("{{ $labels.tenant }}");
    }

    @Test
    void theForecastAlertComparesNeededWithLeftPerTenantAndPeriodAndSaysWhatToDo() {
        Map<String, Object> forecast = alertRules().stream()
                .filter(rule -> rule.get("alert").equals("ClayCreditForecastOverBudget")).findFirst().orElseThrow();

        assertThat(forecast.get("expr").toString()).isEqualTo("max by (tenant, period) (clay_enrichment_budget_forecast_needed"
                + " - clay_enrichment_budget_forecast_left) > 0");
        assertThat(forecast.get("for")).isEqualTo("5m");
        assertThat(forecast.get("labels").toString()).contains("severity=warning");
        assertThat(forecast.get("annotations").toString()).contains("{{ $labels.tenant }}").contains("{{ $labels.period }}")
                .contains("PUT /v1/budgets/{tenant}").contains("budget_exhausted");
    }

    @Test
    void everyAlertQueriesExportedMetricsAndLabels() {
        List<Map<String, Object>> rules = alertRules();

        assertThat(rules).extracting(rule -> rule.get("alert")).containsExactlyInAnyOrder("ClayCreditBudgetWarning",
                "ClayCreditBreakerOpen", "ClayHealthBreakerOpen", "ClayDeadLettersHigh", "ClayPendingResultsStale",
                "ClayReceiverErrors", "ClayReceiverUnavailable", "ClayCreditOvershoot", "ClayReservationsHeldHigh",
                "ClayUnmatchedResults", "ClayCreditForecastOverBudget");
        for (Map<String, Object> rule : rules) {
            String expr = rule.get("expr").toString();
            assertThat(PromQuery.metrics(expr)).as(rule.get("alert") + " queries a metric").isNotEmpty();
            assertThat(PromQuery.problems(expr, exported)).as("alert %s: %s", rule.get("alert"), expr).isEmpty();
            assertThat(rule).containsKeys("for", "labels", "annotations");
            assertThat(rule.get("labels").toString()).contains("severity=", "team=revops");
        }
    }

    @Test
    void theRunningPlatformExportsTheAgreedNamesAndKafkasOwn() {
        assertThat(ExportedMetrics.names()).contains("clay_enrichment_callbacks_total",
                "clay_enrichment_callback_publish_seconds_bucket", "clay_enrichment_credits_remaining",
                "clay_enrichment_requests_total", "clay_enrichment_dead_letters_total",
                "clay_enrichment_clay_url_submissions_left", "clay_enrichment_clay_rows_total");
        assertThat(ExportedMetrics.names()).anyMatch(name -> name.startsWith("kafka_producer_"))
                .anyMatch(name -> name.startsWith("kafka_stream_"));
        assertThat(ExportedMetrics.series().get("clay_enrichment_requests_total")).contains("tenant", "route", "reason");
    }

    @Test
    void queryCheckCatchesUnknownMetricsAndLabels() {
        assertThat(PromQuery.problems("sum by (tenant) (rate(clay_enrichment_requests_total[5m]))", exported)).isEmpty();
        assertThat(PromQuery.problems("rate(clay_enrichment_request_total[5m])", exported))
                .containsExactly("unknown metric clay_enrichment_request_total");
        assertThat(PromQuery.problems("sum by (url_index) (clay_enrichment_requests_total{route=\"clay\"})", exported))
                .singleElement().asString().startsWith("label url_index");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> alertRules() {
        GenericKubernetesResource rule = ChartRenderer.chart().render(ChartRenderer.ciValues("production-values.yaml"))
                .custom("PrometheusRule").get(0);
        Map<String, Object> spec = (Map<String, Object>) rule.getAdditionalProperties().get("spec");
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Object group : (List<Object>) spec.get("groups")) {
            rules.addAll((List<Map<String, Object>>) ((Map<String, Object>) group).get("rules"));
        }
        return rules;
    }
}
