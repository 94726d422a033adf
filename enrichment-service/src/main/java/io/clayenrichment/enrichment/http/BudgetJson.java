package io.clayenrichment.enrichment.http;

import io.clayenrichment.enrichment.budget.BudgetSnapshot;
import io.clayenrichment.enrichment.budget.Credits;
import io.clayenrichment.enrichment.budget.Period;
import io.clayenrichment.enrichment.budget.Spend;
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

    private static PeriodJson period(BudgetSnapshot snapshot, Period period, String id, Spend spend) {
        return new PeriodJson(id, Credits.fromMilli(snapshot.limits().limitMilli(period)),
                Credits.fromMilli(spend.spentMilli()), Credits.fromMilli(spend.reservedMilli()),
                Credits.fromMilli(snapshot.remainingMilli(period)));
    }
}
