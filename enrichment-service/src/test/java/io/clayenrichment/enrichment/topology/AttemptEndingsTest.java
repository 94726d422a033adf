package io.clayenrichment.enrichment.topology;

import static io.clayenrichment.enrichment.topology.DeciderRig.START_MS;
import static io.clayenrichment.enrichment.topology.DeciderRig.header;
import static io.clayenrichment.enrichment.topology.DeciderRig.receiptFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.deadletter.DeadLetterHeaders;
import io.clayenrichment.common.schema.DispatchReceipt.Reach;
import io.clayenrichment.common.schema.DispatchReceipt.Stage;
import io.clayenrichment.common.schema.OutboundRow;
import io.clayenrichment.enrichment.budget.Period;
import io.clayenrichment.enrichment.budget.Spend;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/** Attempts that end without a result: by a receipt or their deadline; their held reservations after the window. */
class AttemptEndingsTest {

    private static final String CONTACT = TenantKeys.contact("acme", "email:ada@example.com");
    private static final Duration WINDOW = Duration.ofHours(1);

    private final DeciderRig rig = new DeciderRig(settings -> settings.withLateResultWindow(WINDOW));
    private final RequestDecision requests = rig.requests();
    private final AttemptEndings endings = new AttemptEndings(rig.settings.resultTimeout(), WINDOW, rig.budget,
            rig.attempts, rig.outputs);

    /** Starts an attempt for ada@example.com with one duplicate waiting for it. */
    private OutboundRow attemptWithAWaiter() {
        requests.decide("acme", DeciderRig.request("r1", "acme", "ada@example.com", false, 10), START_MS);
        OutboundRow row = DeciderRig.rowOf(rig.forwardedOne());
        requests.decide("acme", DeciderRig.request("r2", "acme", "ada@example.com", false, 11), START_MS);
        return row;
    }

    @Test
    void aSendingReceiptOnlyMarksThatClayMayHaveTheRow() {
        OutboundRow row = attemptWithAWaiter();

        endings.onReceipt("acme", receiptFor(row, Stage.SENDING, Reach.MAYBE, null), START_MS);

        assertThat(rig.forwarded()).isEmpty();
        assertThat(rig.attempts.inFlight(CONTACT).sent()).isTrue();
    }

    @Test
    void aRowThatNeverReachedClayDeadLettersItsRequestsAndReleasesItsCredits() {
        OutboundRow row = attemptWithAWaiter();

        endings.onReceipt("acme", receiptFor(row, Stage.FAILED, Reach.NO, "clay_rejected"), START_MS);

        List<Record<? extends String, ? extends Routed>> letters = rig.forwarded();
        assertThat(letters).extracting(letter -> header(letter, DeadLetterHeaders.SOURCE_OFFSET))
                .containsExactly("10", "11");
        assertThat(letters).allSatisfy(letter -> {
            assertThat(header(letter, DeadLetterHeaders.REASON)).isEqualTo("clay_rejected");
            assertThat(header(letter, DeadLetterHeaders.CORRELATION_ID)).isEqualTo(row.correlationId());
        });
        assertThat(header(letters.get(0), DeadLetterHeaders.DETAIL)).isEqualTo("HTTP 400 from Clay");
        assertThat(header(letters.get(1), DeadLetterHeaders.DETAIL)).isEqualTo("waited for attempt "
                + row.correlationId() + " of the same contact: HTTP 400 from Clay");
        assertThat(rig.attempts.inFlight(CONTACT)).isNull();
        assertThat(rig.attempts.heldCount()).isZero();
        assertThat(rig.spend("acme", Period.DAY)).isEqualTo(Spend.NONE);
    }

    @Test
    void aRowThatMayBeAtClayKeepsItsReservationHeldAsSent() {
        OutboundRow row = attemptWithAWaiter();

        endings.onReceipt("acme", receiptFor(row, Stage.FAILED, Reach.MAYBE, "no_such_reason"), START_MS);

        assertThat(rig.forwarded()).extracting(letter -> header(letter, DeadLetterHeaders.REASON))
                .as("a reason it does not know").containsOnly("retries_exhausted");
        OpenReservation held = rig.attempts.held("acme", row.correlationId());
        assertThat(held.sent()).isTrue();
        assertThat(held.keepUntilMs()).isEqualTo(START_MS + WINDOW.toMillis());
        assertThat(held.contactKey()).isEqualTo("email:ada@example.com");
        assertThat(rig.spend("acme", Period.DAY)).isEqualTo(new Spend(1000, 0));
    }

    @Test
    void anExpiredRowIsATimeout() {
        OutboundRow row = attemptWithAWaiter();

        endings.onReceipt("acme", receiptFor(row, Stage.EXPIRED, Reach.NO, null), START_MS);

        assertThat(rig.forwarded()).extracting(letter -> header(letter, DeadLetterHeaders.DETAIL))
                .first().isEqualTo("result_timeout");
        assertThat(rig.attempts.heldCount()).isZero();
    }

    @Test
    void anAttemptPastItsDeadlineTimesOutAndIsHeldUnsentUnlessAReceiptSaidOtherwise() {
        OutboundRow row = attemptWithAWaiter();
        long deadline = START_MS + rig.settings.resultTimeout().toMillis();

        endings.endPastDeadline(deadline - 1);
        assertThat(rig.forwarded()).isEmpty();
        endings.endPastDeadline(deadline);

        List<Record<? extends String, ? extends Routed>> letters = rig.forwarded();
        assertThat(letters).hasSize(2).allSatisfy(letter ->
                assertThat(header(letter, DeadLetterHeaders.REASON)).isEqualTo("result_timeout"));
        assertThat(header(letters.get(0), DeadLetterHeaders.DETAIL)).isEqualTo("no result within "
                + rig.settings.resultTimeout() + " for attempt " + row.correlationId());
        assertThat(rig.attempts.held("acme", row.correlationId()).sent()).isFalse();
        assertThat(rig.attempts.inFlightCount()).isZero();
    }

    @Test
    void aHeldReservationIsReleasedByTheDispatchersLastWordOnTheRow() {
        OutboundRow row = attemptWithAWaiter();
        endings.endPastDeadline(START_MS + rig.settings.resultTimeout().toMillis());
        rig.forwarded();

        endings.onReceipt("acme", receiptFor(row, Stage.FAILED, Reach.NO, "clay_rejected"), START_MS);

        assertThat(rig.forwarded()).as("its requests have their outcome already").isEmpty();
        assertThat(rig.attempts.held("acme", row.correlationId())).isNull();
        assertThat(rig.spend("acme", Period.DAY)).isEqualTo(Spend.NONE);
    }

    @Test
    void aHeldReservationIsMarkedSentByAReceiptThatLeavesTheRowsFateOpen() {
        OutboundRow row = attemptWithAWaiter();
        endings.endPastDeadline(START_MS + rig.settings.resultTimeout().toMillis());

        endings.onReceipt("acme", receiptFor(row, Stage.SENDING, Reach.MAYBE, null), START_MS);

        assertThat(rig.attempts.held("acme", row.correlationId()).sent()).isTrue();
    }

    @Test
    void pastTheWindowAHeldReservationIsChargedAtItsEstimateIfSentElseReleased() {
        OutboundRow sent = attemptWithAWaiter();
        endings.onReceipt("acme", receiptFor(sent, Stage.FAILED, Reach.MAYBE, "retries_exhausted"), START_MS);
        requests.decide("acme", DeciderRig.request("r3", "acme", "bob@example.com"), START_MS);
        OutboundRow unsent = DeciderRig.rowOf(rig.forwarded().get(2));
        long deadline = START_MS + rig.settings.resultTimeout().toMillis();
        endings.endPastDeadline(deadline);
        assertThat(rig.attempts.heldCount()).isEqualTo(2);

        endings.endHeldPastWindow(deadline + WINDOW.toMillis() - 1);
        assertThat(rig.attempts.heldCount()).as("the unsent one is held a window after its deadline").isEqualTo(1);
        endings.endHeldPastWindow(deadline + WINDOW.toMillis());

        assertThat(rig.attempts.heldCount()).isZero();
        assertThat(rig.attempts.held("acme", sent.correlationId())).isNull();
        assertThat(rig.attempts.held("acme", unsent.correlationId())).isNull();
        assertThat(rig.spend("acme", Period.DAY)).isEqualTo(new Spend(0, 1000));
        assertThat(rig.metrics.count("settled/acme")).isEqualTo(1000);
    }
}
