package io.clayenrichment.enrichment.topology;

import static io.clayenrichment.enrichment.topology.TopologyFixture.header;
import static io.clayenrichment.enrichment.topology.TopologyFixture.requestJson;
import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.deadletter.DeadLetterHeaders;
import io.clayenrichment.common.schema.DispatchReceipt;
import io.clayenrichment.common.schema.OutboundRow;
import io.clayenrichment.common.schema.ResultStatus;
import io.clayenrichment.enrichment.budget.BudgetLimits;
import io.clayenrichment.enrichment.budget.BudgetPolicy;
import io.clayenrichment.enrichment.budget.Period;
import io.clayenrichment.enrichment.budget.Spend;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Reservations are held until a row's fate is known: a Clay outage longer than the result timeout
 * cannot let a tenant spend more than its budget, late results are charged where they were
 * reserved, and what Clay reports is bounded.
 */
class CreditSafetyTopologyTest {

    private TopologyFixture fixture = new TopologyFixture(TopologyFixture.policy(3, 100));

    @AfterEach
    void close() {
        fixture.close();
    }

    private List<OutboundRow> requests(String tenant, int from, int count) {
        for (int i = from; i < from + count; i++) {
            fixture.request(requestJson("r" + i, tenant, "p" + i + "@example.com"));
        }
        return fixture.outbound.readValuesToList();
    }

    @Test
    void anOutageThreeTimesLongerThanTheTimeoutNeverLetsATenantReserveBeyondItsBudget() {
        // Clay is down: the first three rows wait in the dispatcher, the other three are refused
        List<OutboundRow> waiting = requests("acme", 0, 6);
        assertThat(waiting).hasSize(3);
        assertThat(fixture.deadLetterRecords()).extracting(l -> header(l, DeadLetterHeaders.REASON))
                .containsOnly("budget_exhausted").hasSize(3);

        // their attempts time out: each request gets its outcome, but the credits stay reserved
        fixture.advance(TopologyFixture.TIMEOUT.plusSeconds(1));
        assertThat(fixture.deadLetterRecords()).extracting(l -> header(l, DeadLetterHeaders.REASON))
                .containsOnly("result_timeout").hasSize(3);
        assertThat(fixture.spend("acme", Period.DAY)).isEqualTo(new Spend(3000, 0));

        // the outage goes on for twice that again: new requests are still refused, never sent
        for (int round = 0; round < 2; round++) {
            assertThat(requests("acme", 10 + round * 10, 3)).isEmpty();
            fixture.advance(TopologyFixture.TIMEOUT);
        }
        assertThat(fixture.deadLetterRecords()).extracting(l -> header(l, DeadLetterHeaders.REASON))
                .containsOnly("budget_exhausted").hasSize(6);

        // Clay is back: the dispatcher drops the three stale rows unsent, which gives their credits back
        waiting.forEach(row -> fixture.receipt(row, DispatchReceipt.Stage.EXPIRED, DispatchReceipt.Reach.NO, null));
        assertThat(fixture.spend("acme", Period.DAY)).isEqualTo(Spend.NONE);
        List<OutboundRow> sent = requests("acme", 40, 4);
        assertThat(sent).hasSize(3);
        for (OutboundRow row : sent) {
            fixture.receipt(row, DispatchReceipt.Stage.ACCEPTED, DispatchReceipt.Reach.YES, null);
            fixture.clayResult(row, ResultStatus.SUCCESS, 1.0);
        }
        // what Clay accepted and charged is exactly what the budget shows
        assertThat(fixture.spend("acme", Period.DAY)).isEqualTo(new Spend(0, 3000));
        assertThat(fixture.metrics.counters.keySet()).noneMatch(name -> name.startsWith("overshoot/"));
    }

    @Test
    void aRowThatMayHaveReachedClayKeepsItsCreditsAfterTheTimeoutAndItsLateResultIsChargedEvenAboveTheLimit() {
        OutboundRow row = requests("acme", 0, 1).get(0);
        fixture.receipt(row, DispatchReceipt.Stage.SENDING, DispatchReceipt.Reach.MAYBE, null);
        fixture.advance(TopologyFixture.TIMEOUT.plusSeconds(1));
        fixture.deadLetterRecords();
        assertThat(fixture.held(row).sent()).isTrue();
        // two more fit beside the held one
        assertThat(requests("acme", 1, 3)).hasSize(2);

        // Clay did enrich it, late, and charged 2.5 against the 1 reserved
        fixture.clayResult(row, ResultStatus.SUCCESS, 2.5);

        assertThat(fixture.spend("acme", Period.DAY)).isEqualTo(new Spend(2000, 2500));
        assertThat(fixture.metrics.count("overshoot/acme/day")).isEqualTo(1500);
        assertThat(fixture.held(row)).isNull();
    }

    @Test
    void whenTheLateResultWindowEndsAHeldReservationIsChargedIfItsRowMayHaveReachedClayElseReleased() {
        fixture.close();
        fixture = new TopologyFixture(TopologyFixture.policy(3, 100),
                settings -> settings.withLateResultWindow(Duration.ofHours(1)));
        List<OutboundRow> rows = requests("acme", 0, 2);
        fixture.receipt(rows.get(0), DispatchReceipt.Stage.ACCEPTED, DispatchReceipt.Reach.YES, null);
        fixture.advance(TopologyFixture.TIMEOUT.plusSeconds(1));
        fixture.deadLetterRecords();
        assertThat(fixture.spend("acme", Period.DAY)).isEqualTo(new Spend(2000, 0));

        fixture.advance(Duration.ofHours(1));

        // Clay took row 0 and its callback never came: charged at its estimate. Row 1 was never sent.
        assertThat(fixture.spend("acme", Period.DAY)).isEqualTo(new Spend(0, 1000));
        assertThat(fixture.held(rows.get(0))).isNull();
        assertThat(fixture.held(rows.get(1))).isNull();
        assertThat(fixture.metrics.held).isZero();
    }

    @Test
    void aFailedRowThatMayHaveReachedClayIsHeldNotReleased() {
        OutboundRow row = requests("acme", 0, 1).get(0);
        fixture.receipt(row, DispatchReceipt.Stage.FAILED, DispatchReceipt.Reach.MAYBE, "retries_exhausted");

        assertThat(header(fixture.deadLetterRecords().get(0), DeadLetterHeaders.REASON)).isEqualTo("retries_exhausted");
        assertThat(fixture.spend("acme", Period.DAY)).isEqualTo(new Spend(1000, 0));
        assertThat(fixture.held(row).sent()).isTrue();
        // and should Clay's result come after all, it settles the held credits
        fixture.clayResult(row, ResultStatus.NOT_FOUND, null);
        assertThat(fixture.spend("acme", Period.DAY)).isEqualTo(Spend.NONE);
    }

    @Test
    void creditsUsedBeyondTheMaximumAreClampedAndNoNumberStopsTheTask() {
        fixture.close();
        fixture = new TopologyFixture(TopologyFixture.policy(1_000_000, 1_000_000));
        List<OutboundRow> rows = requests("acme", 0, 3);
        fixture.clayResult(rows.get(0), ResultStatus.SUCCESS, 1e16);
        fixture.clayResult(rows.get(1), ResultStatus.SUCCESS, Double.NaN);
        fixture.clayResult(rows.get(2), ResultStatus.SUCCESS, -5.0);

        // 10,000 for the first (the documented maximum), the estimate for the two that are not amounts
        assertThat(fixture.spend("acme", Period.DAY)).isEqualTo(new Spend(0, 10_002_000));
        assertThat(requests("acme", 3, 1)).hasSize(1);
        assertThat(fixture.deadLetters.isEmpty()).isTrue();
    }

    @Test
    void adaptiveReservationsFollowWhatTheTenantsResultsReallyCost() {
        fixture.close();
        BudgetPolicy adaptive = new BudgetPolicy(new BudgetLimits(10_000, 100_000, false), Map.of(), 1000, 0.8,
                BudgetPolicy.Reservations.ADAPTIVE);
        fixture = new TopologyFixture(adaptive);
        for (OutboundRow row : requests("acme", 0, 3)) {
            fixture.clayResult(row, ResultStatus.SUCCESS, 3.0);
        }
        assertThat(fixture.spend("acme", Period.DAY)).isEqualTo(new Spend(0, 9000));

        // the next row would cost about 3 too: it no longer fits the 1 left, though the estimate of 1 would
        List<OutboundRow> more = requests("acme", 3, 1);

        assertThat(more).isEmpty();
        assertThat(header(fixture.deadLetterRecords().get(0), DeadLetterHeaders.DETAIL)).contains("cost 3");
        // another tenant with no history reserves the estimate
        assertThat(requests("beta", 4, 1)).hasSize(1);
        assertThat(fixture.spend("beta", Period.DAY)).isEqualTo(new Spend(1000, 0));
    }

    @Test
    void aTenantsReceiptsAndResultsCannotTouchAnotherTenantsReservation() {
        OutboundRow row = requests("acme", 0, 1).get(0);
        OutboundRow asBeta = new OutboundRow(row.correlationId(), row.contactKey(), "beta", row.requestId(),
                row.requestedAt(), null, null, null, null, null, null, null);
        fixture.dispatcherGaveUp(asBeta, "clay_rejected");
        fixture.clayResult(asBeta, ResultStatus.NOT_FOUND, null);

        assertThat(fixture.spend("acme", Period.DAY)).isEqualTo(new Spend(1000, 0));
        assertThat(fixture.deadLetters.isEmpty()).isTrue();
        assertThat(fixture.metrics.count("unmatched")).isEqualTo(1);
    }
}
