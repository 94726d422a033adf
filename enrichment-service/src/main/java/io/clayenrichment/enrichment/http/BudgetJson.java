package io.clayenrichment.enrichment.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.clayenrichment.enrichment.budget.BudgetSnapshot;
import io.clayenrichment.enrichment.budget.Credits;
import io.clayenrichment.enrichment.budget.Period;
import io.clayenrichment.enrichment.budget.Spend;
import io.clayenrichment.enrichment.budget.TenantSpend;
import java.math.BigDecimal;

/** A tenant's budget as the HTTP API shows it: credits as decimals. */
public record BudgetJson(String tenant, String state, boolean forceOpen, PeriodJson day, PeriodJson month) {

    public record PeriodJson(String period, BigDecimal limit, BigDecimal spent, BigDecimal reserved,
            BigDecimal remaining) {}

    public static BudgetJson of(BudgetSnapshot snapshot) {
        return new BudgetJson(snapshot.tenant(), snapshot.state().wire(), snapshot.limits().forceOpen(),
                period(snapshot, Period.DAY, snapshot.dayId(), snapshot.day()),
                period(snapshot, Period.MONTH, snapshot.monthId(), snapshot.month()));
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
}
