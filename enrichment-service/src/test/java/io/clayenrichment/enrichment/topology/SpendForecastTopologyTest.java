package io.clayenrichment.enrichment.topology;

import static io.clayenrichment.enrichment.topology.DeciderRig.START_MS;
import static io.clayenrichment.enrichment.topology.TopologyFixture.requestJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.schema.OutboundRow;
import io.clayenrichment.common.schema.ResultSource;
import io.clayenrichment.common.schema.ResultStatus;
import io.clayenrichment.enrichment.budget.Backlog;
import io.clayenrichment.enrichment.budget.BreakerState;
import io.clayenrichment.enrichment.budget.BudgetLimits;
import io.clayenrichment.enrichment.budget.BudgetPolicy;
import io.clayenrichment.enrichment.budget.BudgetSnapshot;
import io.clayenrichment.enrichment.budget.Period;
import io.clayenrichment.enrichment.budget.SpendForecast;
import io.clayenrichment.enrichment.budget.TenantSpend;
import io.clayenrichment.enrichment.budget.WorkspaceBudget;
import io.clayenrichment.enrichment.http.BudgetJson;
import io.clayenrichment.enrichment.refresh.RefreshSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The spend forecast of a known backlog: what the decider writes to the forecast store, and so what
 * {@code GET /v1/budgets/{tenant}} answers, against figures worked out by hand.
 */
class SpendForecastTopologyTest {

    /** Shorter than the fixture's RESULT_TIMEOUT (30 min): contacts fall due while the reserved rows are in flight. */
    private static final Duration AFTER = Duration.ofMinutes(20);
    private static final int CACHED = 2500;
    private static final int RESERVED = 100;

    private TopologyFixture fixture;
    private BudgetPolicy policy;

    private void start(BudgetPolicy budgets, RefreshSettings refresh) {
        policy = budgets;
        fixture = new TopologyFixture(budgets, refresh);
    }

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    /**
     * Acme: 2,500 contacts enriched at one credit each, then 100 rows sent that Clay has not answered,
     * with a daily limit of 3,000: 2,600 committed is past the 80 % warning, so the scheduled refresh
     * passes over acme's contacts once they are stale, and they stay due. The walk takes 1,000 cache
     * entries a punctuation: the count is known after the third.
     * Day: needed = 100 reserved + 2,500 due x 1 = 2,600; left = 3,000 - 2,500 spent = 500; shortfall 2,100.
     * Month: left = 100,000 - 2,500 = 97,500; it fits.
     */
    @Test
    void aKnownBacklogIsForecastExactlyOnceThePassOverTheCacheHasEnded() {
        start(TopologyFixture.policy(3000, 100_000), new RefreshSettings(AFTER, 1.0, 10, 1));
        for (int i = 0; i < CACHED; i++) {
            fixture.request(requestJson("cached-" + i, "acme", "c" + i + "@example.com"));
            fixture.clayResult(fixture.outbound.readValue(), ResultStatus.SUCCESS, 1.0);
        }
        for (int i = 0; i < RESERVED; i++) {
            fixture.request(requestJson("open-" + i, "acme", "open" + i + "@example.com"));
        }
        fixture.request(requestJson("beta-open", "beta", "ada@example.com"));
        assertThat(fixture.outbound.readValuesToList()).hasSize(RESERVED + 1);
        assertThat(fixture.metrics.budgets.get("acme").state()).isEqualTo(BreakerState.WARNING);

        SpendForecast before = forecast("acme");
        assertThat(before.refreshesCounted()).as("no punctuation yet").isFalse();
        assertThat(before.dueRefreshes()).isNull();
        assertThat(before.day().neededMilli()).as("a floor: the reserved credits").isEqualTo(100_000);
        assertThat(before.day().fits()).isNull();
        JsonNode unknown = Json.mapper().valueToTree(BudgetJson.of(budget("acme"), before)).path("forecast");
        assertThat(unknown.path("refreshes_counted").asBoolean(true)).isFalse();
        assertThat(unknown.has("due_refreshes") && unknown.path("due_refreshes").isNull())
                .as("shown, as null: %s", unknown).isTrue();
        assertThat(unknown.path("day").has("fits") && unknown.path("day").path("fits").isNull()).as(unknown.toString())
                .isTrue();
        assertThat(unknown.path("day").path("shortfall").isNull()).isTrue();

        fixture.advance(AFTER.plusMinutes(1));
        fixture.advance(Duration.ofSeconds(1));
        SpendForecast midPass = forecast("acme");
        assertThat(midPass.refreshesCounted()).as("2,000 of 2,500 entries walked").isFalse();
        assertThat(midPass.day().fits()).isNull();
        assertThat(fixture.metrics.forecasts.get("acme").refreshesCounted()).isFalse();

        fixture.advance(Duration.ofSeconds(1));

        Instant countedAt = fixture.now();
        SpendForecast acme = forecast("acme");
        assertThat(acme.refreshesCounted()).isTrue();
        assertThat(acme.dueRefreshes()).isEqualTo(CACHED);
        assertThat(acme.waitingRequests()).isZero();
        assertThat(acme.costMilli()).isEqualTo(1000);
        assertThat(acme.asOf()).isEqualTo(countedAt);
        assertThat(acme.day()).isEqualTo(new SpendForecast.PeriodForecast(Period.DAY, 100_000, 2_500_000, 2_600_000,
                500_000, false, 2_100_000L));
        assertThat(acme.month()).isEqualTo(new SpendForecast.PeriodForecast(Period.MONTH, 100_000, 2_500_000,
                2_600_000, 97_500_000, true, 0L));
        assertThat(fixture.outbound.isEmpty()).as("acme is past its warning: no refresh is sent").isTrue();
        assertThat(fixture.metrics.count("refresh/acme/skipped_budget")).isPositive();

        SpendForecast beta = forecast("beta");
        assertThat(beta.dueRefreshes()).isZero();
        assertThat(beta.day()).isEqualTo(new SpendForecast.PeriodForecast(Period.DAY, 1000, 0, 1000, 3_000_000, true,
                0L));

        // the metrics say the same
        assertThat(fixture.metrics.forecasts.get("acme")).isEqualTo(acme);

        // and the API's JSON: credits as decimals, like the budget's own figures
        JsonNode json = Json.mapper().valueToTree(BudgetJson.of(budget("acme"), acme)).path("forecast");
        assertThat(json.path("day").path("reserved").decimalValue()).isEqualByComparingTo("100");
        assertThat(json.path("day").path("queued").decimalValue()).isEqualByComparingTo("2500");
        assertThat(json.path("day").path("needed").decimalValue()).isEqualByComparingTo("2600");
        assertThat(json.path("day").path("left").decimalValue()).isEqualByComparingTo("500");
        assertThat(json.path("day").path("fits").asBoolean(true)).isFalse();
        assertThat(json.path("day").path("shortfall").decimalValue()).isEqualByComparingTo("2100");
        assertThat(json.path("month").path("fits").asBoolean(false)).isTrue();
        assertThat(json.path("month").path("shortfall").decimalValue()).isEqualByComparingTo("0");
        assertThat(json.path("cost_per_enrichment").decimalValue()).isEqualByComparingTo("1");
        assertThat(json.path("waiting_requests").asLong()).isZero();
        assertThat(json.path("due_refreshes").asLong()).isEqualTo(CACHED);
        assertThat(json.path("refreshes_counted").asBoolean()).isTrue();
        assertThat(json.path("as_of").asText()).isEqualTo(countedAt.toString());
    }

    @Test
    void withRefreshOffTheForecastIsCountedFromTheStartAndHoldsTheReservedCredits() {
        start(TopologyFixture.policy(10, 100), RefreshSettings.OFF);
        fixture.request(requestJson("r1", "acme", "ada@example.com"));
        fixture.clayResult(fixture.outbound.readValue(), ResultStatus.SUCCESS, 4.0);
        fixture.request(requestJson("r2", "acme", "grace@example.com"));
        fixture.advance(Duration.ofDays(29));

        SpendForecast acme = forecast("acme");

        assertThat(acme.refreshesCounted()).isTrue();
        assertThat(acme.dueRefreshes()).isZero();
        // a new month by now: nothing spent or reserved in it; the day and month of r2's reservation are over
        assertThat(acme.day().neededMilli()).isZero();
        assertThat(acme.day().leftMilli()).isEqualTo(10_000);
    }

    /**
     * Requests waiting for a workspace lease: the topology test driver answers every ask at once, so
     * they wait only here, in the decider itself, whose ask nobody answers. Three stale contacts, four
     * rows sent on a lease of four credits, five requests waiting for more: needed = 4 + (5 + 3) x 1.
     */
    @Test
    void requestsWaitingForAWorkspaceLeaseAreCountedAndRecountedAfterARestore() {
        DeciderRig rig = new DeciderRig(settings -> settings
                .withWorkspace(WorkspaceBudget.of(new BudgetLimits(1_000_000, 10_000_000, false)))
                .withRefresh(new RefreshSettings(Duration.ofHours(1), 1.0, 10, 1)));
        for (int i = 0; i < 3; i++) {
            String contact = "email:stale" + i + "@example.com";
            rig.freshness.put(TenantKeys.contact("acme", contact), new EnrichmentResult("old-" + i, "r", contact,
                    "acme", ResultStatus.SUCCESS, ResultSource.CLAY, Map.of(), 1.0,
                    Instant.ofEpochMilli(START_MS - Duration.ofHours(2).toMillis()), null));
        }
        TenantDecider decider = new TenantDecider(rig.settings, rig.metrics);
        decider.init(rig.context);
        process(decider, rig, DeciderRig.request("open-0", "acme", "open0@example.com"));
        LeaseUpdate ask = ((Routed.ToWorkspace) rig.forwardedOne().value()).update();
        process(decider, rig, new TenantEvent.WorkspaceGrant(new LeaseGrant(0, ask.dayId(), ask.monthId(), 4000, null)));
        for (int i = 1; i < 4; i++) {
            process(decider, rig, DeciderRig.request("open-" + i, "acme", "open" + i + "@example.com"));
        }
        for (int i = 0; i < 5; i++) {
            process(decider, rig, DeciderRig.request("waiting-" + i, "acme", "waiting" + i + "@example.com"));
        }
        List<Record<? extends String, ? extends Routed>> out = rig.forwarded();
        assertThat(out.stream().filter(record -> record.value() instanceof Routed.ToClay)).hasSize(4);
        assertThat(rig.leaseWaiting.approximateNumEntries()).isEqualTo(5);

        punctuate(rig, START_MS + 1000);

        SpendForecast acme = forecast(rig, "acme");
        assertThat(acme.refreshesCounted()).isTrue();
        assertThat(acme.waitingRequests()).isEqualTo(5);
        assertThat(acme.dueRefreshes()).isEqualTo(3);
        assertThat(acme.day()).isEqualTo(new SpendForecast.PeriodForecast(Period.DAY, 4000, 8000, 12_000, 1_000_000,
                true, 0L));
        assertThat(rig.metrics.forecasts.get("acme")).isEqualTo(acme);

        // A restore: the forecast store is not changelogged and starts empty; the waiting requests are
        // counted again from their store at once, the due refreshes after the first pass.
        for (String key : List.of(StoreNames.FORECAST_TASK_KEY, "acme")) {
            rig.forecast.delete(key);
        }
        TenantDecider restored = new TenantDecider(rig.settings, rig.metrics);
        restored.init(rig.context);
        SpendForecast restarted = forecast(rig, "acme");
        assertThat(restarted.waitingRequests()).isEqualTo(5);
        assertThat(restarted.refreshesCounted()).isFalse();
        assertThat(restarted.dueRefreshes()).isNull();

        punctuate(rig, START_MS + 2000);
        assertThat(forecast(rig, "acme").dueRefreshes()).isEqualTo(3);
    }

    private static void process(TenantDecider decider, DeciderRig rig, TenantEvent event) {
        decider.process(new Record<>("acme", event, rig.context.currentSystemTimeMs()));
    }

    /** Fires the punctuator of the decider initialised last. */
    private static void punctuate(DeciderRig rig, long nowMs) {
        rig.context.setCurrentSystemTimeMs(nowMs);
        List<CapturedPunctuator> punctuators = rig.context.scheduledPunctuators();
        punctuators.get(punctuators.size() - 1).getPunctuator().punctuate(nowMs);
    }

    private static SpendForecast forecast(DeciderRig rig, String tenant) {
        TenantSpend spend = rig.spend.get(tenant).rolledTo(rig.context.currentSystemTimeMs());
        BudgetPolicy policy = rig.settings.budgets();
        BudgetSnapshot budget = policy.snapshot(tenant, policy.limitsFor(tenant, null), spend.dayId(), spend.day(),
                spend.monthId(), spend.month());
        return SpendForecast.fromStore(budget, rig.forecast.get(StoreNames.FORECAST_TASK_KEY), rig.forecast.get(tenant),
                policy.costMilli());
    }

    /** The tenant's budget as BudgetView reads it from the driver's spend store. */
    private BudgetSnapshot budget(String tenant) {
        KeyValueStore<String, TenantSpend> spendStore = fixture.driver.getKeyValueStore(StoreNames.SPEND);
        TenantSpend spend = spendStore.get(tenant).rolledTo(fixture.now().toEpochMilli());
        return policy.snapshot(tenant, policy.limitsFor(tenant, null), spend.dayId(), spend.day(), spend.monthId(),
                spend.month());
    }

    /** What the API answers for the tenant's forecast, from the driver's stores (as BudgetView reads them). */
    private SpendForecast forecast(String tenant) {
        KeyValueStore<String, Backlog> store = fixture.driver.getKeyValueStore(StoreNames.FORECAST);
        return SpendForecast.fromStore(budget(tenant), store.get(StoreNames.FORECAST_TASK_KEY), store.get(tenant),
                1000);
    }
}
