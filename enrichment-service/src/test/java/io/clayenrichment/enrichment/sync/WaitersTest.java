package io.clayenrichment.enrichment.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class WaitersTest {

    private static Waiters.Key acme(String requestId) {
        return new Waiters.Key("acme", requestId);
    }

    @Test
    void theLimitAndTheSameRequestIdOfTheSameTenantAreRefusedAndEveryRemovalFreesAPlace() {
        Waiters waiters = new Waiters(3);
        Optional<Waiters.Waiter> first = waiters.register(acme("a"));
        assertThat(first).isPresent();
        assertThat(waiters.register(acme("a"))).as("same tenant, same request id").isEmpty();
        assertThat(waiters.register(new Waiters.Key("beta", "a"))).as("another tenant, same request id").isPresent();
        assertThat(waiters.register(acme("b"))).isPresent();
        assertThat(waiters.register(acme("c"))).as("over the limit").isEmpty();
        assertThat(waiters.size()).isEqualTo(3);

        waiters.remove(acme("a"));
        waiters.remove(acme("a"));
        assertThat(waiters.size()).isEqualTo(2);
        assertThat(waiters.register(acme("c"))).isPresent();
    }

    @Test
    void outcomesReachOnlyTheirWaiterAndReleaseAllEndsTheRestWithoutOne() {
        Waiters waiters = new Waiters(10);
        Waiters.Waiter answered = waiters.register(acme("answered")).orElseThrow();
        Waiters.Waiter waiting = waiters.register(acme("waiting")).orElseThrow();
        waiters.sentToClay(acme("answered"), "corr-1");
        waiters.complete(null, acme("answered"), new Outcome.DeadLettered("budget_exhausted", "no credits", null));
        waiters.complete(null, acme("unknown"), new Outcome.Answered(new byte[0]));

        assertThat(answered.correlationId()).contains("corr-1");
        assertThat(answered.outcome().join()).isInstanceOf(Outcome.DeadLettered.class);
        assertThat(waiting.outcome()).isNotDone();
        waiters.releaseAll();
        assertThat(waiting.outcome().join()).isNull();
    }

    @Test
    void theSameRequestIdOfTwoTenantsGetsEachTenantsOwnOutcome() {
        Waiters waiters = new Waiters(10);
        Waiters.Waiter ofAcme = waiters.register(acme("crm-1")).orElseThrow();
        Waiters.Waiter ofBeta = waiters.register(new Waiters.Key("beta", "crm-1")).orElseThrow();
        Outcome forBeta = new Outcome.Answered("beta".getBytes());

        waiters.complete(null, new Waiters.Key("beta", "crm-1"), forBeta);
        waiters.complete(null, new Waiters.Key("ACME", "crm-1"), new Outcome.Answered(new byte[0]));

        assertThat(ofBeta.outcome().join()).isSameAs(forBeta);
        assertThat(ofAcme.outcome()).as("neither beta's nor ACME's outcome is acme's").isNotDone();
    }

    @Test
    void aKnownCorrelationIdFindsItsWaiterEvenWhenTheResultNamesNoTenantAndIsForgottenWithIt() {
        Waiters waiters = new Waiters(10);
        Waiters.Waiter waiter = waiters.register(acme("r")).orElseThrow();
        waiters.sentToClay(acme("r"), "corr-7");
        assertThat(waiters.isWaiting("corr-7", null)).isTrue();
        assertThat(waiters.isWaiting("corr-8", null)).isFalse();

        waiters.complete("corr-8", null, new Outcome.Answered(new byte[0]));
        assertThat(waiter.outcome()).as("an unknown attempt").isNotDone();
        Outcome result = new Outcome.Answered("r".getBytes());
        waiters.complete("corr-7", null, result);
        assertThat(waiter.outcome().join()).isSameAs(result);

        waiters.remove(acme("r"));
        assertThat(waiters.isWaiting("corr-7", null)).isFalse();
        assertThat(waiters.isEmpty()).isTrue();
    }
}
