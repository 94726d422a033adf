package io.clayenrichment.enrichment.topology;

import static io.clayenrichment.enrichment.topology.DeciderRig.START_MS;
import static io.clayenrichment.enrichment.topology.DeciderRig.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.deadletter.DeadLetterHeaders;
import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.schema.ResultSource;
import io.clayenrichment.common.schema.ResultStatus;
import io.clayenrichment.enrichment.budget.BudgetLimits;
import io.clayenrichment.enrichment.budget.BudgetOverride;
import io.clayenrichment.enrichment.budget.Period;
import io.clayenrichment.enrichment.budget.Spend;
import io.clayenrichment.enrichment.budget.WorkspaceBudget;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What becomes of a request: cache answer, wait for the attempt in flight, dead letter, wait for a lease, attempt. */
class RequestDecisionTest {

    private static final String CONTACT = TenantKeys.contact("acme", "email:ada@example.com");

    private static RequestEnvelope request(String requestId) {
        return DeciderRig.request(requestId, "acme", "ada@example.com");
    }

    @Nested
    class WithoutAWorkspaceBudget {

        private final DeciderRig rig = new DeciderRig(settings -> settings.withMaxWaitersPerContact(2));
        private final RequestDecision requests = rig.requests();

        @Test
        void aFreshResultAnswersWithoutAnAttemptOrASpend() {
            rig.cache.offer(CONTACT, new EnrichmentResult("c0", "r0", "email:ada@example.com", "acme",
                    ResultStatus.SUCCESS, ResultSource.CLAY, Map.of(), 1.0, Instant.ofEpochMilli(START_MS - 1000),
                    null));

            requests.decide("acme", request("r1"), START_MS);

            Record<? extends String, ? extends Routed> answer = rig.forwardedOne();
            assertThat(((Routed.CacheAnswer) answer.value()).result().requestId()).isEqualTo("r1");
            assertThat(rig.attempts.inFlight(CONTACT)).isNull();
            assertThat(rig.spend("acme", Period.DAY)).isEqualTo(Spend.NONE);
        }

        @Test
        void aForcedRequestPassesAFreshResultBy() {
            rig.cache.offer(CONTACT, new EnrichmentResult("c0", "r0", "email:ada@example.com", "acme",
                    ResultStatus.SUCCESS, ResultSource.CLAY, Map.of(), 1.0, Instant.ofEpochMilli(START_MS - 1000),
                    null));

            requests.decide("acme", DeciderRig.request("r1", "acme", "ada@example.com", true, 0), START_MS);

            assertThat(DeciderRig.rowOf(rig.forwardedOne()).requestId()).isEqualTo("r1");
        }

        @Test
        void aDuplicateWaitsForTheAttemptInFlightAndSpendsNothing() {
            requests.decide("acme", request("r1"), START_MS);
            rig.forwarded();

            requests.decide("acme", request("r2"), START_MS);

            assertThat(rig.forwarded()).isEmpty();
            assertThat(rig.attempts.inFlight(CONTACT).waiterCount()).isEqualTo(1);
            assertThat(rig.spend("acme", Period.DAY)).isEqualTo(new Spend(1000, 0));
        }

        @Test
        void aDuplicateBeyondMaxWaitersIsDeadLetteredNamingTheAttempt() {
            requests.decide("acme", request("r1"), START_MS);
            String correlationId = DeciderRig.rowOf(rig.forwardedOne()).correlationId();
            requests.decide("acme", request("r2"), START_MS);
            requests.decide("acme", request("r3"), START_MS);

            requests.decide("acme", request("r4"), START_MS);

            Record<? extends String, ? extends Routed> letter = rig.forwardedOne();
            assertThat(header(letter, DeadLetterHeaders.REASON)).isEqualTo("too_many_duplicates");
            assertThat(header(letter, DeadLetterHeaders.CORRELATION_ID)).isEqualTo(correlationId);
            assertThat(header(letter, DeadLetterHeaders.DETAIL)).startsWith("2 requests for the same contact")
                    .contains("MAX_WAITERS_PER_CONTACT=2");
            assertThat(rig.attempts.inFlight(CONTACT).waiterCount()).isEqualTo(2);
        }

        @Test
        void aTenantWithoutCreditsIsDeadLetteredAndReported() {
            rig.budgets.put("acme", new BudgetOverride("acme", BigDecimal.ZERO, null, false,
                    Instant.ofEpochMilli(START_MS)));

            requests.decide("acme", request("r1"), START_MS);

            Record<? extends String, ? extends Routed> letter = rig.forwardedOne();
            assertThat(header(letter, DeadLetterHeaders.REASON)).isEqualTo("budget_exhausted");
            assertThat(header(letter, DeadLetterHeaders.CORRELATION_ID)).isNull();
            assertThat(rig.attempts.inFlight(CONTACT)).isNull();
            assertThat(rig.metrics.budgets.get("acme").allowsSpend()).isFalse();
        }

        @Test
        void aTenantWhoseBreakerIsForcedOpenIsDeadLetteredAsBreakerOpen() {
            rig.budgets.put("acme", new BudgetOverride("acme", null, null, true, Instant.ofEpochMilli(START_MS)));

            requests.decide("acme", request("r1"), START_MS);

            assertThat(header(rig.forwardedOne(), DeadLetterHeaders.REASON)).isEqualTo("breaker_open");
        }

        @Test
        void aRefreshStartsAnAttemptLikeARequest() {
            requests.refresh("acme", CONTACT, request("refresh-1"), rig.budget.snapshot("acme", START_MS), START_MS);

            assertThat(DeciderRig.rowOf(rig.forwardedOne()).requestId()).isEqualTo("refresh-1");
            assertThat(rig.attempts.inFlight(CONTACT)).isNotNull();
        }
    }

    @Nested
    class WithAWorkspaceBudget {

        private final DeciderRig rig = new DeciderRig(settings -> settings.withWorkspace(
                WorkspaceBudget.of(new BudgetLimits(100_000, 1_000_000, false))));
        private final RequestDecision requests = rig.requests();

        @Test
        void aRequestTheLeaseCannotCoverWaitsWhileTheTaskAsksAndStartsOnTheGrant() {
            requests.decide("acme", request("r1"), START_MS);

            Record<? extends String, ? extends Routed> ask = rig.forwardedOne();
            assertThat(((Routed.ToWorkspace) ask.value()).update().wantMilli()).isPositive();
            assertThat(rig.leaseWaiting.approximateNumEntries()).isEqualTo(1);
            assertThat(rig.attempts.inFlight(CONTACT)).as("parked before its row is built").isNull();

            rig.workspace.granted(new LeaseGrant(0, Period.DAY.idAt(START_MS), Period.MONTH.idAt(START_MS), 16_000,
                    null), START_MS, waiting -> requests.decideAgain(waiting, START_MS));

            assertThat(DeciderRig.rowOf(rig.forwardedOne()).requestId()).isEqualTo("r1");
            assertThat(rig.leaseWaiting.approximateNumEntries()).isZero();
            assertThat(rig.attempts.inFlight(CONTACT).reservation().leased()).isTrue();
        }

        @Test
        void aWaitingRequestDecidedAgainWithoutCreditsWaitsOnceMore() {
            requests.decide("acme", request("r1"), START_MS);
            rig.forwarded();

            assertThat(requests.decideAgain(request("r1"), START_MS)).isFalse();

            assertThat(rig.forwarded()).isEmpty();
            assertThat(rig.leaseWaiting.approximateNumEntries()).as("not parked twice").isEqualTo(1);
        }

        @Test
        void aWaitingRequestThatCannotBeDecidedIsDeadLetteredSoItHoldsUpNoOne() {
            rig.leased(5000);
            RequestEnvelope unreadable = new RequestEnvelope("acme", "email:ada@example.com", "r1", false,
                    "k".getBytes(StandardCharsets.UTF_8), "not json".getBytes(StandardCharsets.UTF_8), List.of(),
                    "enrichment.requests", 0, 7, null);

            assertThat(requests.decideAgain(unreadable, START_MS)).isTrue();

            Record<? extends String, ? extends Routed> letter = rig.forwardedOne();
            assertThat(header(letter, DeadLetterHeaders.REASON)).isEqualTo("invalid");
            assertThat(header(letter, DeadLetterHeaders.DETAIL)).startsWith("processing failed after a workspace grant: ");
            assertThat(rig.lease.get(StoreNames.WORKSPACE_KEY).availableMilli()).as("its credits back").isEqualTo(5000);
        }

        @Test
        void aWorkspaceForcedOpenDeadLettersAsBreakerOpen() {
            rig.budgets.put(WorkspaceBudget.OVERRIDE_KEY, new BudgetOverride(WorkspaceBudget.OVERRIDE_KEY, null, null,
                    true, Instant.ofEpochMilli(START_MS)));

            requests.decide("acme", request("r1"), START_MS);

            Record<? extends String, ? extends Routed> letter = rig.forwardedOne();
            assertThat(header(letter, DeadLetterHeaders.REASON)).isEqualTo("breaker_open");
            assertThat(header(letter, DeadLetterHeaders.DETAIL)).contains("workspace is forced open");
        }

        @Test
        void aRefreshTheLeaseCannotCoverIsNotSentAndNeverWaits() {
            requests.refresh("acme", CONTACT, request("refresh-1"), rig.budget.snapshot("acme", START_MS), START_MS);

            assertThat(rig.forwarded()).extracting(Record::value).allSatisfy(
                    routed -> assertThat(routed).isInstanceOf(Routed.ToWorkspace.class));
            assertThat(rig.leaseWaiting.approximateNumEntries()).isZero();
            assertThat(rig.attempts.inFlight(CONTACT)).isNull();
        }

        @Test
        void aRefreshTheLeaseCoversIsSent() {
            rig.leased(5000);

            requests.refresh("acme", CONTACT, request("refresh-1"), rig.budget.snapshot("acme", START_MS), START_MS);

            assertThat(DeciderRig.rowOf(rig.forwardedOne()).requestId()).isEqualTo("refresh-1");
            assertThat(rig.lease.get(StoreNames.WORKSPACE_KEY).availableMilli()).isEqualTo(4000);
        }
    }
}
