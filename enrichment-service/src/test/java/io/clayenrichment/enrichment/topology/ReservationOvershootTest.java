package io.clayenrichment.enrichment.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.schema.OutboundRow;
import io.clayenrichment.common.schema.ResultStatus;
import io.clayenrichment.common.testing.Seeds;
import io.clayenrichment.enrichment.budget.BudgetLimits;
import io.clayenrichment.enrichment.budget.BudgetPolicy;
import io.clayenrichment.enrichment.budget.Period;
import io.clayenrichment.enrichment.budget.Spend;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/**
 * How far spend ends above the daily limit when Clay charges more than {@code
 * CREDIT_COST_PER_ENRICHMENT}, with fixed and with adaptive reservations, on the same seeded runs:
 * tenants with rows of varying cost send bursts of requests, and Clay's results come back in random
 * order with the costs drawn for their tenant. The figures are printed (docs/credit-safety.md has
 * them); the test holds adaptive reservations to less overshoot than fixed ones on every profile
 * whose rows cost clearly more than the estimate, and to no more on those that do not.
 */
class ReservationOvershootTest {

    private static final long LIMIT = 50;
    private static final int TENANTS_PER_PROFILE = 6;

    private record Profile(String name, java.util.function.Function<Random, DoubleSupplier> costs) {}

    private static final List<Profile> PROFILES = List.of(
            new Profile("as estimated (1)", random -> () -> 1.0),
            new Profile("1, 1 in 5 at 4", random -> () -> random.nextInt(5) == 0 ? 4.0 : 1.0),
            new Profile("always 3", random -> () -> 3.0),
            new Profile("0.5 to 6, uniform", random -> () -> Math.round((0.5 + random.nextDouble() * 5.5) * 10) / 10.0),
            new Profile("half not found, else 2", random -> () -> random.nextBoolean() ? -1 : 2.0));

    private record Outcome(double overshoot, double spent) {}

    @Test
    void adaptiveReservationsOvershootLessThanFixedOnesWhenRowsCostMoreThanTheEstimate() {
        long seed = Seeds.seed();
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "%n| rows cost | fixed: over the limit | adaptive: over the limit | fixed: spent | adaptive: spent |%n"
                        + "|---|---|---|---|---|%n"));
        for (Profile profile : PROFILES) {
            Outcome fixed = run(profile, BudgetPolicy.Reservations.FIXED, seed);
            Outcome adaptive = run(profile, BudgetPolicy.Reservations.ADAPTIVE, seed);
            table.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f |%n", profile.name(),
                    fixed.overshoot(), adaptive.overshoot(), fixed.spent(), adaptive.spent()));
            assertThat(adaptive.overshoot()).as("%s (seed %s)", profile.name(), seed)
                    .isLessThanOrEqualTo(fixed.overshoot());
            if (fixed.overshoot() > 1) {
                assertThat(adaptive.overshoot()).as("%s (seed %s)", profile.name(), seed).isLessThan(fixed.overshoot());
            }
        }
        System.out.println("credits spent over a daily limit of " + LIMIT + " (" + TENANTS_PER_PROFILE
                + " tenants per profile, average per tenant; seed " + seed + ")" + table);
    }

    /** The average, over a profile's tenants, of what each spent in the day and how far above the limit. */
    private static Outcome run(Profile profile, BudgetPolicy.Reservations reservations, long seed) {
        BudgetPolicy policy = new BudgetPolicy(new BudgetLimits(LIMIT * 1000, LIMIT * 100_000, false), Map.of(), 1000,
                0.8, reservations);
        double overshoot = 0;
        double spent = 0;
        try (TopologyFixture fixture = new TopologyFixture(policy)) {
            Random random = new Random(seed);
            for (int t = 0; t < TENANTS_PER_PROFILE; t++) {
                String tenant = "t" + t;
                DoubleSupplier cost = profile.costs().apply(random);
                List<OutboundRow> inFlight = new ArrayList<>();
                int next = 0;
                for (int round = 0; round < 40; round++) {
                    for (int burst = 1 + random.nextInt(8); burst > 0; burst--) {
                        fixture.request(TopologyFixture.requestJson(tenant + "-" + next, tenant,
                                "c" + next++ + "@example.com"));
                    }
                    inFlight.addAll(fixture.outbound.readValuesToList());
                    for (int settled = random.nextInt(inFlight.size() + 1); settled > 0; settled--) {
                        settle(fixture, inFlight.remove(random.nextInt(inFlight.size())), cost.getAsDouble());
                    }
                }
                inFlight.forEach(row -> settle(fixture, row, cost.getAsDouble()));
                fixture.deadLetterRecords();
                Spend day = fixture.spend(tenant, Period.DAY);
                spent += day.spentMilli() / 1000.0;
                overshoot += Math.max(0, day.committedMilli() - LIMIT * 1000) / 1000.0;
            }
        }
        return new Outcome(overshoot / TENANTS_PER_PROFILE, spent / TENANTS_PER_PROFILE);
    }

    private static void settle(TopologyFixture fixture, OutboundRow row, double cost) {
        if (cost < 0) {
            fixture.clayResult(row, ResultStatus.NOT_FOUND, null);
        } else {
            fixture.clayResult(row, ResultStatus.SUCCESS, cost);
        }
    }
}
