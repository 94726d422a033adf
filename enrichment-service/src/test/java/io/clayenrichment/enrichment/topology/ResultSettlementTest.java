package io.clayenrichment.enrichment.topology;

import static io.clayenrichment.enrichment.topology.DeciderRig.START_MS;
import static io.clayenrichment.enrichment.topology.DeciderRig.resultFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.schema.OutboundRow;
import io.clayenrichment.common.schema.ResultSource;
import io.clayenrichment.common.schema.ResultStatus;
import io.clayenrichment.enrichment.budget.Period;
import io.clayenrichment.enrichment.budget.Reservation;
import io.clayenrichment.enrichment.budget.Spend;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/** A Clay result settles the attempt it names (or its held reservation), fills the cache and answers waiters. */
class ResultSettlementTest {

    private static final String CONTACT = TenantKeys.contact("acme", "email:ada@example.com");

    private final DeciderRig rig = new DeciderRig();
    private final RequestDecision requests = rig.requests();
    private final ResultSettlement results = new ResultSettlement(rig.budget, rig.attempts, rig.cache, rig.outputs,
            rig.metrics);

    /** Starts an attempt for ada@example.com with {@code duplicates} more requests waiting for it. */
    private OutboundRow attemptWithWaiters(int duplicates) {
        requests.decide("acme", DeciderRig.request("r1", "acme", "ada@example.com"), START_MS);
        OutboundRow row = DeciderRig.rowOf(rig.forwardedOne());
        for (int i = 2; i <= duplicates + 1; i++) {
            requests.decide("acme", DeciderRig.request("r" + i, "acme", "ada@example.com"), START_MS);
        }
        return row;
    }

    @Test
    void aSuccessSettlesItsAttemptFillsTheCacheAndAnswersEveryWaiterInOrder() {
        OutboundRow row = attemptWithWaiters(2);
        long now = START_MS + 500;

        results.settle("acme", resultFor(row, ResultStatus.SUCCESS, 2.0, now), now);

        List<Record<? extends String, ? extends Routed>> out = rig.forwarded();
        assertThat(out).hasSize(3);
        assertThat(out.get(0).value()).isInstanceOf(Routed.Verified.class);
        assertThat(out.subList(1, 3)).extracting(r -> ((Routed.CacheAnswer) r.value()).result().requestId())
                .containsExactly("r2", "r3");
        assertThat(rig.spend("acme", Period.DAY)).isEqualTo(new Spend(0, 2000));
        assertThat(rig.attempts.inFlight(CONTACT)).isNull();
        assertThat(rig.waiters.approximateNumEntries()).isZero();
        assertThat(rig.cache.fresh(CONTACT, now).correlationId()).isEqualTo(row.correlationId());
        assertThat(rig.costs.get("acme")).as("the next reservations learn the charge").isNotNull();
        assertThat(rig.metrics.latencies).containsExactly(Duration.ofMillis(500));
    }

    @Test
    void theResultIsTheAttemptsOwnWhateverTenantTheCallbackNamed() {
        OutboundRow row = attemptWithWaiters(0);
        EnrichmentResult spoofed = new EnrichmentResult(row.correlationId(), row.requestId(), row.contactKey(),
                "other-tenant", ResultStatus.SUCCESS, ResultSource.CACHE, Map.of(), null,
                Instant.ofEpochMilli(START_MS), null);

        results.settle("acme", spoofed, START_MS);

        EnrichmentResult verified = ((Routed.Verified) rig.forwardedOne().value()).result();
        assertThat(verified.tenant()).isEqualTo("acme");
        assertThat(verified.source()).isEqualTo(ResultSource.CLAY);
        assertThat(verified.contactKey()).isEqualTo("email:ada@example.com");
        assertThat(rig.spend("acme", Period.DAY)).as("no credits_used: charged its estimate").isEqualTo(
                new Spend(0, 1000));
    }

    @Test
    void notFoundChargesNothingFillsNoCacheAndStillAnswersTheWaiters() {
        OutboundRow row = attemptWithWaiters(1);

        results.settle("acme", resultFor(row, ResultStatus.NOT_FOUND, 3.0, START_MS), START_MS);

        Record<? extends String, ? extends Routed> answer = rig.forwardedOne();
        assertThat(((Routed.CacheAnswer) answer.value()).result().status()).isEqualTo(ResultStatus.NOT_FOUND);
        assertThat(rig.spend("acme", Period.DAY)).isEqualTo(Spend.NONE);
        assertThat(rig.metrics.count("refunded/acme")).isEqualTo(1000);
        assertThat(rig.freshness.get(CONTACT)).isNull();
    }

    @Test
    void aResultForAnotherAttemptOfTheContactSettlesNothing() {
        OutboundRow row = attemptWithWaiters(0);
        OutboundRow other = new OutboundRow("not-" + row.correlationId(), row.contactKey(), row.tenant(),
                row.requestId(), row.requestedAt(), row.email(), null, null, null, null, null, null);

        results.settle("acme", resultFor(other, ResultStatus.SUCCESS, 1.0, START_MS), START_MS);

        assertThat(rig.forwarded()).isEmpty();
        assertThat(rig.metrics.count("unmatched")).isEqualTo(1);
        assertThat(rig.attempts.inFlight(CONTACT).correlationId()).isEqualTo(row.correlationId());
        assertThat(rig.spend("acme", Period.DAY)).isEqualTo(new Spend(1000, 0));
        assertThat(rig.freshness.get(CONTACT)).isNull();
    }

    @Test
    void aLateResultSettlesItsHeldReservationAndFillsTheCache() {
        Reservation reservation = rig.budget.reserve("acme", rig.budget.snapshot("acme", START_MS), 1000);
        rig.attempts.hold("acme", "c-late", new OpenReservation("email:ada@example.com", reservation, START_MS,
                START_MS + 60_000, true));
        OutboundRow row = new OutboundRow("c-late", "email:ada@example.com", "acme", "r1",
                Instant.ofEpochMilli(START_MS), "ada@example.com", null, null, null, null, null, null);

        results.settle("acme", resultFor(row, ResultStatus.SUCCESS, 0.5, START_MS), START_MS);

        assertThat(((Routed.Verified) rig.forwardedOne().value()).result().correlationId()).isEqualTo("c-late");
        assertThat(rig.attempts.held("acme", "c-late")).isNull();
        assertThat(rig.attempts.heldCount()).isZero();
        assertThat(rig.spend("acme", Period.DAY)).isEqualTo(new Spend(0, 500));
        assertThat(rig.freshness.get(CONTACT)).isNotNull();
        assertThat(rig.metrics.latencies).as("no latency for an ended attempt").isEmpty();
    }

    @Test
    void aChargeIsWhatTheResultReportsNothingForNotFoundAndTheEstimateWhenItSaysNothing() {
        Reservation reservation = new Reservation(1000, "d", "m");
        OutboundRow row = new OutboundRow("c1", "email:ada@example.com", "acme", "r1", null, null, null, null, null,
                null, null, null);

        assertThat(ResultSettlement.charge(resultFor(row, ResultStatus.SUCCESS, 2.5, START_MS), reservation))
                .isEqualTo(2500);
        assertThat(ResultSettlement.charge(resultFor(row, ResultStatus.SUCCESS, null, START_MS), reservation))
                .isEqualTo(1000);
        assertThat(ResultSettlement.charge(resultFor(row, ResultStatus.NOT_FOUND, 2.5, START_MS), reservation))
                .isZero();
    }
}
