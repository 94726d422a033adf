package io.clayenrichment.enrichment.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.clayenrichment.enrichment.budget.BudgetSnapshot;
import io.clayenrichment.enrichment.budget.Credits;
import io.clayenrichment.enrichment.budget.Period;
import io.clayenrichment.enrichment.budget.Spend;
import io.clayenrichment.enrichment.budget.SpendForecast;
import io.clayenrichment.enrichment.budget.TenantSpend;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A tenant's budget as the HTTP API shows it: credits as decimals. {@code forecast} is left out where
 * the answer has none (the answer to a change).
 */
public record BudgetJson(String tenant, String state, boolean forceOpen, PeriodJson day, PeriodJson month,
        ForecastJson forecast) {

    public record PeriodJson(String period, BigDecimal limit, BigDecimal spent, BigDecimal reserved,
            BigDecimal remaining) {}

    /**
     * The spend forecast: {@code due_refreshes} is null until counted ({@code refreshes_counted} false),
     * and {@code as_of} null before the tenant's task first counted.
     */
    public record ForecastJson(ForecastPeriodJson day, ForecastPeriodJson month, BigDecimal costPerEnrichment,
            long waitingRequests, @JsonInclude(JsonInclude.Include.ALWAYS) Long dueRefreshes,
            boolean refreshesCounted, @JsonInclude(JsonInclude.Include.ALWAYS) Instant asOf) {}

    /** One period's forecast; {@code fits} and {@code shortfall} are null while they cannot be known yet. */
    public record ForecastPeriodJson(BigDecimal reserved, BigDecimal queued, BigDecimal needed, BigDecimal left,
            @JsonInclude(JsonInclude.Include.ALWAYS) Boolean fits,
            @JsonInclude(JsonInclude.Include.ALWAYS) BigDecimal shortfall) {}

    public static BudgetJson of(BudgetSnapshot snapshot) {
        return of(snapshot, null);
    }

    public static BudgetJson of(BudgetSnapshot snapshot, SpendForecast forecast) {
        return new BudgetJson(snapshot.tenant(), snapshot.state().wire(), snapshot.limits().forceOpen(),
                period(snapshot, Period.DAY, snapshot.dayId(), snapshot.day()),
                period(snapshot, Period.MONTH, snapshot.monthId(), snapshot.month()),
                forecast == null ? null : forecast(forecast));
    }

    /** The spend an answer of {@link #of} shows (of the tenant's instance, when it came from another). */
    static TenantSpend spendOf(JsonNode budget) {
        return new TenantSpend(budget.path("day").path("period").asText(), spend(budget.path("day")),
                budget.path("month").path("period").asText(), spend(budget.path("month")));
    }

    private static Spend spend(JsonNode period) {
        return new Spend(Credits.toMilli(period.path("reserved").decimalValue()),
                Credits.toMilli(period.path("spent").decimalValue()));
    }

    private static PeriodJson period(BudgetSnapshot snapshot, Period period, String id, Spend spend) {
        return new PeriodJson(id, Credits.fromMilli(snapshot.limits().limitMilli(period)),
                Credits.fromMilli(spend.spentMilli()), Credits.fromMilli(spend.reservedMilli()),
                Credits.fromMilli(snapshot.remainingMilli(period)));
    }

    private static ForecastJson forecast(SpendForecast forecast) {
        return new ForecastJson(period(forecast.day()), period(forecast.month()),
                Credits.fromMilli(forecast.costMilli()), forecast.waitingRequests(), forecast.dueRefreshes(),
                forecast.refreshesCounted(), forecast.asOf());
    }

    private static ForecastPeriodJson period(SpendForecast.PeriodForecast period) {
        return new ForecastPeriodJson(Credits.fromMilli(period.reservedMilli()), Credits.fromMilli(period.queuedMilli()),
                Credits.fromMilli(period.neededMilli()), Credits.fromMilli(period.leftMilli()), period.fits(),
                period.shortfallMilli() == null ? null : Credits.fromMilli(period.shortfallMilli()));
    }
}
