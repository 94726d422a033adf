package io.clayenrichment.enrichment.topology;

import static io.clayenrichment.enrichment.topology.DeciderRig.START_MS;
import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.enrichment.budget.Reservation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Attempts in flight with their waiters and deadlines, and the held reservations of ended ones. */
class AttemptBookTest {

    private static final Reservation RESERVATION = new Reservation(1000, "2026-11-27", "2026-11");

    private final DeciderRig rig = new DeciderRig(settings -> settings.withMaxWaitersPerContact(2));
    private final AttemptBook attempts = rig.attempts;

    private static Attempt attempt(String correlationId, long deadlineMs) {
        return new Attempt(correlationId, RESERVATION, START_MS, deadlineMs,
                DeciderRig.request("r-" + correlationId, "acme", "ada@example.com").withoutRow(), 0, false);
    }

    private static Waiter waiter(String requestId) {
        return Waiter.of(DeciderRig.request(requestId, "acme", "ada@example.com"));
    }

    private static OpenReservation held(long keepUntilMs) {
        return new OpenReservation("email:ada@example.com", RESERVATION, START_MS, keepUntilMs, false);
    }

    @Test
    void atMostMaxWaitersWaitAndClosingGivesThemBackInArrivalOrder() {
        attempts.start("acme\u001fa", attempt("c1", START_MS + 10));

        assertThat(attempts.join("acme\u001fa", attempts.inFlight("acme\u001fa"), waiter("r2"))).isTrue();
        assertThat(attempts.join("acme\u001fa", attempts.inFlight("acme\u001fa"), waiter("r3"))).isTrue();
        assertThat(attempts.join("acme\u001fa", attempts.inFlight("acme\u001fa"), waiter("r4"))).isFalse();
        List<Waiter> waiting = attempts.close("acme\u001fa", attempts.inFlight("acme\u001fa"));

        assertThat(waiting).extracting(Waiter::requestId).containsExactly("r2", "r3");
        assertThat(attempts.inFlight("acme\u001fa")).isNull();
        assertThat(rig.waiters.approximateNumEntries()).isZero();
        assertThat(attempts.inFlightCount()).isZero();
        assertThat(attempts.pastDeadline(Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void deadlinesComeEarliestFirstAndAForgottenOneIsNotSeenAgain() {
        attempts.start("acme\u001fb", attempt("c2", START_MS + 20));
        attempts.start("acme\u001fa", attempt("c1", START_MS + 10));
        attempts.start("acme\u001fc", attempt("c3", START_MS + 30));

        assertThat(attempts.pastDeadline(START_MS + 20)).containsExactly("acme\u001fa", "acme\u001fb");
        assertThat(attempts.earliestDeadline()).hasValue(START_MS + 10);
        attempts.forgetDeadline("acme\u001fa");

        assertThat(attempts.pastDeadline(START_MS + 20)).containsExactly("acme\u001fb");
        assertThat(attempts.inFlightCount()).isEqualTo(2);
    }

    @Test
    void aBookOpenedOnTheStoresAfterARestartKnowsTheDeadlinesAndHeldReservations() {
        attempts.start("acme\u001fa", attempt("c1", START_MS + 10));
        attempts.hold("acme", "c0", held(START_MS + 100));

        AttemptBook restarted = new AttemptBook(rig.attemptStore, rig.waiters, rig.held, 2);

        assertThat(restarted.inFlightCount()).isEqualTo(1);
        assertThat(restarted.earliestDeadline()).hasValue(START_MS + 10);
        assertThat(restarted.heldCount()).isEqualTo(1);
        assertThat(restarted.held("acme", "c0")).isEqualTo(held(START_MS + 100));
    }

    @Test
    void heldReservationsAreCountedOnceAndOnlyWhileTheyAreThere() {
        attempts.hold("acme", "c1", held(START_MS));
        attempts.hold("acme", "c1", held(START_MS).markedSent());
        assertThat(attempts.heldCount()).isEqualTo(1);
        assertThat(attempts.held("acme", "c1").sent()).isTrue();
        assertThat(attempts.held("acme", null)).isNull();

        attempts.forgetHeld("acme", "c1");
        attempts.forgetHeld("acme", "c1");

        assertThat(attempts.heldCount()).isZero();
        assertThat(attempts.held("acme", "c1")).isNull();
    }

    @Test
    void heldReservationsPastTheirTimeAreFoundABatchAtATimeRoundRobin() {
        int total = AttemptBook.HELD_SCAN_BATCH + 500;
        for (int i = 0; i < total; i++) {
            attempts.hold("acme", String.format("c%05d", i), held(START_MS));
        }
        attempts.hold("beta", "not-yet", held(START_MS + 1));

        List<AttemptBook.Due> first = attempts.heldPastKeep(START_MS);
        List<AttemptBook.Due> second = attempts.heldPastKeep(START_MS);
        List<AttemptBook.Due> third = attempts.heldPastKeep(START_MS);

        assertThat(first).hasSize(AttemptBook.HELD_SCAN_BATCH);
        assertThat(first.get(0)).isEqualTo(new AttemptBook.Due("acme", "c00000", held(START_MS)));
        assertThat(second).hasSize(500).extracting(AttemptBook.Due::correlationId).doesNotContain("not-yet");
        assertThat(second.get(499).correlationId()).isEqualTo(String.format("c%05d", total - 1));
        assertThat(third).as("the walk starts over").first().isEqualTo(first.get(0));
    }
}
