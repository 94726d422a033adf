package io.clayenrichment.enrichment.topology;

import static io.clayenrichment.enrichment.topology.TopologyFixture.header;
import static io.clayenrichment.enrichment.topology.TopologyFixture.requestJson;
import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.deadletter.DeadLetterHeaders;
import io.clayenrichment.common.schema.DispatchReceipt;
import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.schema.OutboundRow;
import io.clayenrichment.common.schema.ResultSource;
import io.clayenrichment.common.schema.ResultStatus;
import io.clayenrichment.enrichment.budget.BreakerState;
import io.clayenrichment.enrichment.budget.Period;
import io.clayenrichment.enrichment.budget.Spend;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DecisionTopologyTest {

    private TopologyFixture fixture = new TopologyFixture(TopologyFixture.policy(1000, 20000));

    @AfterEach
    void close() {
        fixture.close();
    }

    private OutboundRow sendAndReadRow(String requestId, String tenant, String email) {
        fixture.request(requestJson(requestId, tenant, email));
        return fixture.outbound.readValue();
    }

    @Nested
    class FreshnessCache {

        @Test
        void aFreshSuccessAnswersFromTheCacheWithoutSpendingKeepingReceivedAt() {
            OutboundRow row = sendAndReadRow("r1", "acme", "ada@example.com");
            fixture.clayResult(row, ResultStatus.SUCCESS, null);
            var enrichedAt = fixture.now();
            fixture.advance(Duration.ofDays(2));

            fixture.request(requestJson("r2", "acme", "ADA@example.com"));

            assertThat(fixture.outbound.isEmpty()).isTrue();
            List<TestRecord<String, EnrichmentResult>> published = fixture.results.readRecordsToList();
            assertThat(published).hasSize(1);
            EnrichmentResult answer = published.get(0).value();
            assertThat(published.get(0).key()).isEqualTo("email:ada@example.com");
            assertThat(answer.source()).isEqualTo(ResultSource.CACHE);
            assertThat(answer.requestId()).isEqualTo("r2");
            assertThat(answer.correlationId()).isNotEqualTo(row.correlationId());
            assertThat(answer.receivedAt()).isEqualTo(enrichedAt);
            assertThat(answer.servedAt()).isEqualTo(fixture.now());
            assertThat(answer.data()).containsEntry("title", "Engineer");
            assertThat(fixture.spend("acme", Period.MONTH)).isEqualTo(new Spend(0, 1000));
            assertThat(fixture.metrics.count("requests/acme/cache/none")).isEqualTo(1);
        }

        @Test
        void anExpiredEntryIsEnrichedAgainAndCacheAnswersDoNotRefreshIt() {
            OutboundRow row = sendAndReadRow("r1", "acme", "ada@example.com");
            fixture.clayResult(row, ResultStatus.SUCCESS, null);
            fixture.advance(Duration.ofDays(29));
            fixture.request(requestJson("r2", "acme", "ada@example.com"));
            EnrichmentResult answer = fixture.results.readValue();
            // the cache answer comes back through enriched.contacts, as it would on a broker
            fixture.resultsIn.pipeInput(answer.recordKey(), answer, fixture.now());
            fixture.advance(Duration.ofDays(1).plusSeconds(1));

            fixture.request(requestJson("r3", "acme", "ada@example.com"));

            assertThat(fixture.outbound.readValue().requestId()).isEqualTo("r3");
            assertThat(fixture.results.isEmpty()).isTrue();
        }

        @Test
        void expiredEntriesAreDroppedFromTheStoreOnTheClock() {
            OutboundRow row = sendAndReadRow("r1", "acme", "ada@example.com");
            fixture.clayResult(row, ResultStatus.SUCCESS, null);
            org.apache.kafka.streams.state.KeyValueStore<String, EnrichmentResult> cache =
                    fixture.driver.getKeyValueStore(StoreNames.FRESHNESS);
            String key = TenantKeys.contact("acme", "email:ada@example.com");
            fixture.advance(Duration.ofDays(29));
            assertThat(cache.get(key)).isNotNull();

            fixture.advance(Duration.ofDays(1).plusSeconds(1));

            assertThat(cache.get(key)).isNull();
        }

        @Test
        void forceBypassesAFreshEntry() {
            OutboundRow row = sendAndReadRow("r1", "acme", "ada@example.com");
            fixture.clayResult(row, ResultStatus.SUCCESS, null);

            fixture.request("{\"request_id\":\"r2\",\"tenant\":\"acme\",\"email\":\"ada@example.com\",\"force\":true}");

            assertThat(fixture.outbound.readValue().requestId()).isEqualTo("r2");
            assertThat(fixture.results.isEmpty()).isTrue();
        }

        @Test
        void notFoundResultsDoNotFillTheCache() {
            OutboundRow row = sendAndReadRow("r1", "acme", "ada@example.com");
            fixture.clayResult(row, ResultStatus.NOT_FOUND, null);

            fixture.request(requestJson("r2", "acme", "ada@example.com"));

            assertThat(fixture.outbound.readValue().requestId()).isEqualTo("r2");
        }

        @Test
        void theCacheIsPerTenant() {
            OutboundRow row = sendAndReadRow("r1", "acme", "ada@example.com");
            fixture.clayResult(row, ResultStatus.SUCCESS, null);

            fixture.request(requestJson("r2", "beta", "ada@example.com"));

            assertThat(fixture.outbound.readValue().tenant()).isEqualTo("beta");
        }
    }

    @Nested
    class ConcurrentDuplicates {

        @Test
        void oneEnrichmentIsSpentAndEachDuplicateIsAnsweredWithItsOwnRequestId() {
            fixture.request(requestJson("r1", "acme", "ada@example.com"));
            fixture.request(requestJson("r2", "acme", "ada@example.com"));
            fixture.request("{\"request_id\":\"r3\",\"tenant\":\"acme\",\"email\":\"ada@example.com\",\"force\":true}");

            List<OutboundRow> rows = fixture.outbound.readValuesToList();
            assertThat(rows).extracting(OutboundRow::requestId).containsExactly("r1");
            assertThat(fixture.results.isEmpty()).isTrue();
            assertThat(fixture.spend("acme", Period.DAY)).isEqualTo(new Spend(1000, 0));

            fixture.clayResult(rows.get(0), ResultStatus.SUCCESS, null);

            List<EnrichmentResult> answers = fixture.results.readValuesToList();
            assertThat(answers).extracting(EnrichmentResult::requestId).containsExactly("r2", "r3");
            assertThat(answers).allSatisfy(a -> assertThat(a.source()).isEqualTo(ResultSource.CACHE));
            assertThat(answers).extracting(EnrichmentResult::correlationId).doesNotHaveDuplicates()
                    .doesNotContain(rows.get(0).correlationId());
        }

        @Test
        void thousandsOfDuplicatesKeepTheAttemptSmallAndAreAllAnswered() {
            fixture.close();
            fixture = new TopologyFixture(TopologyFixture.policy(1000, 20000),
                    settings -> settings.withMaxWaitersPerContact(5000));
            OutboundRow row = sendAndReadRow("r0", "acme", "hot@example.com");
            for (int i = 1; i <= 2000; i++) {
                fixture.request(requestJson("r" + i, "acme", "hot@example.com"));
            }
            org.apache.kafka.streams.state.KeyValueStore<String, Attempt> attempts =
                    fixture.driver.getKeyValueStore(StoreNames.ATTEMPTS);
            Attempt attempt = attempts.get(TenantKeys.contact("acme", "email:hot@example.com"));
            assertThat(attempt.waiterCount()).isEqualTo(2000);
            assertThat(BinaryCodec.attempts().serializer().serialize("t", attempt)).hasSizeLessThan(1000);

            fixture.clayResult(row, ResultStatus.SUCCESS, null);

            List<EnrichmentResult> answers = fixture.results.readValuesToList();
            assertThat(answers).hasSize(2000);
            assertThat(answers.get(0).requestId()).isEqualTo("r1");
            assertThat(answers.get(1999).requestId()).isEqualTo("r2000");
            org.apache.kafka.streams.state.KeyValueStore<String, Waiter> waiters =
                    fixture.driver.getKeyValueStore(StoreNames.WAITERS);
            assertThat(waiters.approximateNumEntries()).isZero();
        }

        @Test
        void theRequestAndItsDuplicatesAreDeadLetteredWithTheSameReasonWhenTheDispatcherGivesUp() {
            fixture.request("first-key", requestJson("r1", "acme", "ada@example.com"),
                    new org.apache.kafka.common.header.internals.RecordHeaders());
            OutboundRow row = fixture.outbound.readValue();
            fixture.request("dup-key", requestJson("r2", "acme", "ada@example.com"),
                    new org.apache.kafka.common.header.internals.RecordHeaders());

            fixture.dispatcherGaveUp(row, "clay_rejected");

            List<TestRecord<byte[], byte[]>> dead = fixture.deadLetterRecords();
            assertThat(dead).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                    .containsExactly("first-key", "dup-key");
            assertThat(new String(dead.get(1).value(), StandardCharsets.UTF_8)).contains("\"r2\"");
            assertThat(dead).allSatisfy(letter -> {
                assertThat(header(letter, DeadLetterHeaders.REASON)).isEqualTo("clay_rejected");
                assertThat(header(letter, DeadLetterHeaders.CORRELATION_ID)).isEqualTo(row.correlationId());
                assertThat(header(letter, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("enrichment.requests");
            });
            assertThat(header(dead.get(1), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("1");
            assertThat(fixture.spend("acme", Period.DAY)).isEqualTo(Spend.NONE);
            assertThat(fixture.metrics.count("refunded/acme")).isEqualTo(1000);
        }

        @Test
        void duplicatesBeyondTheCapAreDeadLetteredAsTooManyDuplicatesAndTheRestAnswered() {
            fixture.close();
            fixture = new TopologyFixture(TopologyFixture.policy(1000, 20000),
                    settings -> settings.withMaxWaitersPerContact(2));
            OutboundRow row = sendAndReadRow("r0", "acme", "hot@example.com");
            for (int i = 1; i <= 4; i++) {
                fixture.request(requestJson("r" + i, "acme", "hot@example.com"));
            }

            List<TestRecord<byte[], byte[]>> refused = fixture.deadLetterRecords();
            assertThat(refused).extracting(r -> header(r, DeadLetterHeaders.REASON))
                    .containsExactly("too_many_duplicates", "too_many_duplicates");
            assertThat(refused).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .containsExactly(requestJson("r3", "acme", "hot@example.com"),
                            requestJson("r4", "acme", "hot@example.com"));
            assertThat(header(refused.get(0), DeadLetterHeaders.DETAIL)).contains("MAX_WAITERS_PER_CONTACT=2");
            assertThat(header(refused.get(0), DeadLetterHeaders.CORRELATION_ID)).isEqualTo(row.correlationId());

            fixture.clayResult(row, ResultStatus.SUCCESS, null);
            assertThat(fixture.results.readValuesToList()).extracting(EnrichmentResult::requestId)
                    .containsExactly("r1", "r2");
            assertThat(fixture.outbound.isEmpty()).isTrue();
        }

        @Test
        void duplicatesTimeOutWithTheirAttempt() {
            sendAndReadRow("r1", "acme", "ada@example.com");
            fixture.request(requestJson("r2", "acme", "ada@example.com"));

            fixture.advance(TopologyFixture.TIMEOUT.plusSeconds(1));

            List<TestRecord<byte[], byte[]>> dead = fixture.deadLetterRecords();
            assertThat(dead).extracting(r -> header(r, DeadLetterHeaders.REASON))
                    .containsExactly("result_timeout", "result_timeout");
            assertThat(dead).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .containsExactly(requestJson("r1", "acme", "ada@example.com"),
                            requestJson("r2", "acme", "ada@example.com"));
        }
    }

    @Nested
    class CreditBreaker {

        @Test
        void dailyBudgetExhaustedDeadLettersWithTheFigures() {
            fixture.close();
            fixture = new TopologyFixture(TopologyFixture.policy(2, 100));
            fixture.request(requestJson("r1", "acme", "a@example.com"));
            fixture.request(requestJson("r2", "acme", "b@example.com"));
            fixture.request(requestJson("r3", "acme", "c@example.com"));

            assertThat(fixture.outbound.readValuesToList()).hasSize(2);
            TestRecord<byte[], byte[]> letter = fixture.deadLetterRecords().get(0);
            assertThat(header(letter, DeadLetterHeaders.REASON)).isEqualTo("budget_exhausted");
            assertThat(header(letter, DeadLetterHeaders.DETAIL)).contains("daily budget of tenant 'acme'")
                    .contains("limit 2").contains("reserved 2");
            assertThat(header(letter, DeadLetterHeaders.TENANT)).isEqualTo("acme");
            assertThat(new String(letter.value(), StandardCharsets.UTF_8)).contains("\"r3\"");
            assertThat(fixture.metrics.budgets.get("acme").state()).isEqualTo(BreakerState.OPEN);
            // another tenant has its own budget
            fixture.request(requestJson("r4", "beta", "a@example.com"));
            assertThat(fixture.outbound.readValue().tenant()).isEqualTo("beta");
        }

        @Test
        void monthlyBudgetExhaustedAcrossDays() {
            fixture.close();
            fixture = new TopologyFixture(TopologyFixture.policy(2, 3));
            fixture.clayResult(sendAndReadRow("r1", "acme", "a@example.com"), ResultStatus.SUCCESS, null);
            fixture.clayResult(sendAndReadRow("r2", "acme", "b@example.com"), ResultStatus.SUCCESS, null);
            fixture.advance(Duration.ofDays(1));
            fixture.request(requestJson("r3", "acme", "c@example.com"));
            fixture.request(requestJson("r4", "acme", "d@example.com"));

            assertThat(fixture.outbound.readValuesToList()).extracting(OutboundRow::requestId).containsExactly("r3");
            TestRecord<byte[], byte[]> letter = fixture.deadLetterRecords().get(0);
            assertThat(header(letter, DeadLetterHeaders.REASON)).isEqualTo("budget_exhausted");
            assertThat(header(letter, DeadLetterHeaders.DETAIL)).contains("monthly budget").contains("spent 2");
            assertThat(fixture.spend("acme", Period.DAY)).isEqualTo(new Spend(1000, 0));
        }

        @Test
        void warningStateAboveTheThreshold() {
            fixture.close();
            fixture = new TopologyFixture(TopologyFixture.policy(10, 100));
            for (int i = 0; i < 8; i++) {
                fixture.request(requestJson("r" + i, "acme", "p" + i + "@example.com"));
            }
            assertThat(fixture.metrics.budgets.get("acme").state()).isEqualTo(BreakerState.WARNING);
        }

        @Test
        void operatorForcesTheBreakerOpenThroughTheBudgetsTopicAndClosesItAgain() {
            fixture.override("acme", null, null, true);
            fixture.request(requestJson("r1", "acme", "a@example.com"));

            TestRecord<byte[], byte[]> letter = fixture.deadLetterRecords().get(0);
            assertThat(header(letter, DeadLetterHeaders.REASON)).isEqualTo("breaker_open");
            assertThat(header(letter, DeadLetterHeaders.DETAIL)).contains("forced open");
            assertThat(fixture.outbound.isEmpty()).isTrue();
            assertThat(fixture.metrics.budgets.get("acme").state()).isEqualTo(BreakerState.FORCED_OPEN);

            fixture.override("acme", 5L, null, false);
            fixture.request(requestJson("r2", "acme", "a@example.com"));
            assertThat(fixture.outbound.readValue().requestId()).isEqualTo("r2");
            assertThat(fixture.metrics.budgets.get("acme").limits().dailyMilli()).isEqualTo(5000);
        }

        @Test
        void theBreakerClosesOnTheWallClockWhenTheDayEnds() {
            fixture.close();
            fixture = new TopologyFixture(TopologyFixture.policy(1, 100));
            OutboundRow row = sendAndReadRow("r1", "acme", "a@example.com");
            fixture.clayResult(row, ResultStatus.SUCCESS, null);
            fixture.request(requestJson("r2", "acme", "b@example.com"));
            assertThat(header(fixture.deadLetterRecords().get(0), DeadLetterHeaders.REASON))
                    .isEqualTo("budget_exhausted");
            assertThat(fixture.metrics.budgets.get("acme").state()).isEqualTo(BreakerState.OPEN);

            // 10:00 -> past midnight UTC, with no record arriving: the punctuation closes the breaker
            fixture.advance(Duration.ofHours(14).plusSeconds(1));

            assertThat(fixture.metrics.budgets.get("acme").state()).isEqualTo(BreakerState.CLOSED);
            assertThat(fixture.metrics.budgets.get("acme").dayId()).isEqualTo("2026-11-28");
            fixture.request(requestJson("r3", "acme", "b@example.com"));
            assertThat(fixture.outbound.readValue().requestId()).isEqualTo("r3");
        }
    }

    @Nested
    class Settlement {

        @Test
        void creditsUsedSettleTheReservation() {
            OutboundRow row = sendAndReadRow("r1", "acme", "ada@example.com");
            fixture.advance(Duration.ofSeconds(42));
            fixture.clayResult(row, ResultStatus.SUCCESS, 3.5);

            assertThat(fixture.spend("acme", Period.DAY)).isEqualTo(new Spend(0, 3500));
            assertThat(fixture.spend("acme", Period.MONTH)).isEqualTo(new Spend(0, 3500));
            assertThat(fixture.metrics.count("settled/acme")).isEqualTo(3500);
            assertThat(fixture.metrics.latencies).containsExactly(Duration.ofSeconds(42));
        }

        @Test
        void withoutCreditsUsedTheEstimateIsSettled() {
            OutboundRow row = sendAndReadRow("r1", "acme", "ada@example.com");
            fixture.clayResult(row, ResultStatus.SUCCESS, null);

            assertThat(fixture.spend("acme", Period.DAY)).isEqualTo(new Spend(0, 1000));
        }

        @Test
        void notFoundRefundsTheReservation() {
            OutboundRow row = sendAndReadRow("r1", "acme", "ada@example.com");
            fixture.clayResult(row, ResultStatus.NOT_FOUND, 2.0);

            assertThat(fixture.spend("acme", Period.DAY)).isEqualTo(Spend.NONE);
            assertThat(fixture.metrics.count("refunded/acme")).isEqualTo(1000);
        }

        @Test
        void duplicateCallbacksSettleOnce() {
            OutboundRow row = sendAndReadRow("r1", "acme", "ada@example.com");
            fixture.clayResult(row, ResultStatus.SUCCESS, 2.0);
            fixture.clayResult(row, ResultStatus.SUCCESS, 2.0);
            fixture.clayResult(row, ResultStatus.SUCCESS, 2.0);

            assertThat(fixture.spend("acme", Period.DAY)).isEqualTo(new Spend(0, 2000));
            assertThat(fixture.metrics.count("settled/acme")).isEqualTo(2000);
        }

        @Test
        void noResultWithinTheTimeoutDeadLettersTheOriginalRequestAndHoldsTheReservationUntilTheRowsFateIsKnown() {
            fixture.request("orig-key", requestJson("r1", "acme", "ada@example.com"),
                    new org.apache.kafka.common.header.internals.RecordHeaders());
            OutboundRow row = fixture.outbound.readValue();
            fixture.advance(TopologyFixture.TIMEOUT.minusSeconds(2));
            assertThat(fixture.deadLetters.isEmpty()).isTrue();
            assertThat(fixture.metrics.pending).isEqualTo(1);

            fixture.advance(Duration.ofSeconds(3));

            TestRecord<byte[], byte[]> letter = fixture.deadLetterRecords().get(0);
            assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("orig-key");
            assertThat(new String(letter.value(), StandardCharsets.UTF_8))
                    .isEqualTo(requestJson("r1", "acme", "ada@example.com"));
            assertThat(header(letter, DeadLetterHeaders.REASON)).isEqualTo("result_timeout");
            assertThat(header(letter, DeadLetterHeaders.CORRELATION_ID)).isEqualTo(row.correlationId());
            assertThat(header(letter, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("enrichment.requests");
            assertThat(fixture.metrics.pending).isZero();
            // the row may still be waiting in the dispatcher: its credits stay reserved
            assertThat(fixture.spend("acme", Period.DAY)).isEqualTo(new Spend(1000, 0));
            assertThat(fixture.held(row)).isNotNull();

            fixture.receipt(row, DispatchReceipt.Stage.EXPIRED, DispatchReceipt.Reach.NO, null);

            assertThat(fixture.spend("acme", Period.DAY)).isEqualTo(Spend.NONE);
            assertThat(fixture.held(row)).isNull();
            assertThat(fixture.deadLetters.isEmpty()).as("the request has its outcome already").isTrue();
        }

        @Test
        void aLateResultSettlesTheHeldReservationAndFillsTheCache() {
            OutboundRow row = sendAndReadRow("r1", "acme", "ada@example.com");
            fixture.receipt(row, DispatchReceipt.Stage.ACCEPTED, DispatchReceipt.Reach.YES, null);
            fixture.advance(TopologyFixture.TIMEOUT.plusSeconds(5));
            fixture.deadLetterRecords();

            fixture.clayResult(row, ResultStatus.SUCCESS, 2.0);

            assertThat(fixture.spend("acme", Period.DAY)).isEqualTo(new Spend(0, 2000));
            assertThat(fixture.metrics.count("settled/acme")).isEqualTo(2000);
            assertThat(fixture.held(row)).isNull();
            fixture.request(requestJson("r2", "acme", "ada@example.com"));
            assertThat(fixture.results.readValue().source()).isEqualTo(ResultSource.CACHE);
            assertThat(fixture.outbound.isEmpty()).isTrue();
            // a second copy of the late callback settles nothing more
            fixture.clayResult(row, ResultStatus.SUCCESS, 2.0);
            assertThat(fixture.spend("acme", Period.DAY)).isEqualTo(new Spend(0, 2000));
        }

        @Test
        void aDispatcherThatGivesUpEndsTheAttemptReleasesTheReservationAndStopsTheTimeout() {
            fixture.request("orig-key", requestJson("r1", "acme", "ada@example.com"),
                    new org.apache.kafka.common.header.internals.RecordHeaders());
            OutboundRow row = fixture.outbound.readValue();
            fixture.dispatcherGaveUp(row, "retries_exhausted");

            assertThat(fixture.spend("acme", Period.DAY)).isEqualTo(Spend.NONE);
            TestRecord<byte[], byte[]> letter = fixture.deadLetterRecords().get(0);
            assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("orig-key");
            assertThat(new String(letter.value(), StandardCharsets.UTF_8))
                    .isEqualTo(requestJson("r1", "acme", "ada@example.com"));
            assertThat(header(letter, DeadLetterHeaders.REASON)).isEqualTo("retries_exhausted");
            assertThat(header(letter, DeadLetterHeaders.DETAIL)).isEqualTo("HTTP 400 from Clay");
            fixture.advance(TopologyFixture.TIMEOUT.plusSeconds(5));
            assertThat(fixture.deadLetters.isEmpty()).as("one outcome per request").isTrue();
            // a new request for the contact starts a new attempt
            fixture.request(requestJson("r2", "acme", "ada@example.com"));
            assertThat(fixture.outbound.readValue().requestId()).isEqualTo("r2");
        }

        @Test
        void aReceiptOfAnotherAttemptChangesNothing() {
            OutboundRow row = sendAndReadRow("r1", "acme", "ada@example.com");
            OutboundRow forged = new OutboundRow("not-" + row.correlationId(), row.contactKey(), row.tenant(),
                    row.requestId(), row.requestedAt(), null, null, null, null, null, null, null);

            fixture.dispatcherGaveUp(forged, "clay_rejected");

            assertThat(fixture.deadLetters.isEmpty()).isTrue();
            assertThat(fixture.spend("acme", Period.DAY)).isEqualTo(new Spend(1000, 0));
            fixture.clayResult(row, ResultStatus.SUCCESS, null);
            assertThat(fixture.spend("acme", Period.DAY)).isEqualTo(new Spend(0, 1000));
        }
    }
}
