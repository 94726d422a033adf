package io.clayenrichment.enrichment.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class WaitersTest {

    @Test
    void theLimitAndTheSameRequestIdAreRefusedAndEveryRemovalFreesAPlace() {
        Waiters waiters = new Waiters(2);
        Optional<Waiters.Waiter> first = waiters.register("a");
        assertThat(first).isPresent();
        assertThat(waiters.register("a")).as("same request id").isEmpty();
        assertThat(waiters.register("b")).isPresent();
        assertThat(waiters.register("c")).as("over the limit").isEmpty();
        assertThat(waiters.size()).isEqualTo(2);

        waiters.remove("a");
        waiters.remove("a");
        assertThat(waiters.size()).isEqualTo(1);
        assertThat(waiters.register("c")).isPresent();
    }

    @Test
    void outcomesReachOnlyTheirWaiterAndReleaseAllEndsTheRestWithoutOne() {
        Waiters waiters = new Waiters(10);
        Waiters.Waiter answered = waiters.register("answered").orElseThrow();
        Waiters.Waiter waiting = waiters.register("waiting").orElseThrow();
        waiters.sentToClay("answered", "corr-1");
        waiters.complete("answered", new Outcome.DeadLettered("budget_exhausted", "no credits", null));
        waiters.complete("unknown", new Outcome.Answered(new byte[0]));

        assertThat(answered.correlationId()).contains("corr-1");
        assertThat(answered.outcome().join()).isInstanceOf(Outcome.DeadLettered.class);
        assertThat(waiting.outcome()).isNotDone();
        waiters.releaseAll();
        assertThat(waiting.outcome().join()).isNull();
    }
}
