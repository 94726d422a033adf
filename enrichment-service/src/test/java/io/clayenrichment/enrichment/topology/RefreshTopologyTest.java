package io.clayenrichment.enrichment.topology;

import static io.clayenrichment.enrichment.topology.TopologyFixture.header;
import static io.clayenrichment.enrichment.topology.TopologyFixture.requestJson;
import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.deadletter.DeadLetterHeaders;
import io.clayenrichment.common.schema.DispatchReceipt;
import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.schema.OutboundRow;
import io.clayenrichment.common.schema.ResultStatus;
import io.clayenrichment.enrichment.budget.BreakerState;
import io.clayenrichment.enrichment.budget.Period;
import io.clayenrichment.enrichment.budget.Spend;
import io.clayenrichment.enrichment.refresh.RefreshRequests;
import io.clayenrichment.enrichment.refresh.RefreshSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Scheduled refresh of stale contacts, on the driver's wall clock (punctuations every second). */
class RefreshTopologyTest {

    private static final Duration AFTER = Duration.ofDays(7);
    private static final Duration STEP = TopologyFixture.TICK;

    private TopologyFixture fixture;

    @AfterEach
    void close() {
        fixture.close();
    }

    /** Refresh after {@code after}, a share of a 10/s workspace limit, over {@code partitions} tasks. */
    private TopologyFixture start(Duration after, double share, int partitions, long dailyCredits) {
        fixture = new TopologyFixture(TopologyFixture.policy(dailyCredits, 100_000),
                new RefreshSettings(after, share, 10, partitions));
        return fixture;
    }

    /** A user request for the contact and Clay's successful result: the contact is in the cache. */
    private OutboundRow enrich(String tenant, String email) {
        fixture.request(requestJson("user-" + email, tenant, email));
        OutboundRow row = fixture.outbound.readValue();
        fixture.clayResult(row, ResultStatus.SUCCESS, null);
        return row;
    }

    private EnrichmentResult cached(String tenant, String contactKey) {
        KeyValueStore<String, EnrichmentResult> cache = fixture.driver.getKeyValueStore(StoreNames.FRESHNESS);
        return cache.get(TenantKeys.contact(tenant, contactKey));
    }

    @Test
    void offByDefaultNothingIsRefreshedHoweverOld() {
        fixture = new TopologyFixture(TopologyFixture.policy(1000, 20_000));
        enrich("acme", "ada@example.com");

        for (int day = 0; day < 29; day++) {
            fixture.advance(Duration.ofDays(1));
            fixture.advance(STEP);
        }

        assertThat(fixture.backfill.isEmpty()).isTrue();
        assertThat(cached("acme", "email:ada@example.com")).isNotNull();
    }

    @Test
    void aStaleContactIsReRequestedWithForceAndAMarkAndAFreshOneIsNot() {
        start(AFTER, 0.5, 1, 1000);
        OutboundRow first = enrich("acme", "ada@example.com");
        fixture.advance(Duration.ofDays(3));
        enrich("acme", "grace@example.com");
        fixture.advance(AFTER.minusDays(3).minusMinutes(1));
        fixture.advance(STEP);
        assertThat(fixture.backfill.isEmpty()).as("not stale yet").isTrue();

        fixture.advance(Duration.ofMinutes(1));
        fixture.advance(STEP);

        List<TestRecord<String, OutboundRow>> rows = fixture.backfill.readRecordsToList();
        assertThat(rows).hasSize(1);
        OutboundRow row = rows.get(0).value();
        assertThat(rows.get(0).key()).isEqualTo("email:ada@example.com");
        assertThat(row.contactKey()).isEqualTo("email:ada@example.com");
        assertThat(row.email()).isEqualTo("ada@example.com");
        assertThat(row.tenant()).isEqualTo("acme");
        assertThat(row.requestId()).startsWith(RefreshRequests.REQUEST_ID_PREFIX);
        assertThat(row.correlationId()).isNotEqualTo(first.correlationId());
        assertThat(header(rows.get(0), RefreshRequests.HEADER)).isEqualTo(first.correlationId());
        assertThat(fixture.metrics.count("refresh/acme/sent")).isEqualTo(1);
        assertThat(fixture.metrics.count("requests/acme/clay/none")).isEqualTo(3);
    }

    @Test
    void aRefreshReservesLikeARequestAndItsResultSettlesAndRefillsTheCache() {
        start(AFTER, 0.5, 1, 1000);
        enrich("acme", "ada@example.com");
        fixture.advance(AFTER);
        fixture.advance(STEP);
        OutboundRow refresh = fixture.backfill.readValue();
        // a new month by now: only the refresh's reservation
        assertThat(fixture.spend("acme", Period.MONTH)).isEqualTo(new Spend(1000, 0));
        assertThat(fixture.metrics.count("reserved/acme")).isEqualTo(2000);

        fixture.clayResult(refresh, ResultStatus.SUCCESS, 2.0);

        assertThat(fixture.spend("acme", Period.MONTH)).isEqualTo(new Spend(0, 2000));
        assertThat(fixture.metrics.count("settled/acme")).as("the first enrichment and the refresh").isEqualTo(3000);
        assertThat(cached("acme", "email:ada@example.com").correlationId()).isEqualTo(refresh.correlationId());
        assertThat(cached("acme", "email:ada@example.com").receivedAt()).isEqualTo(fixture.now());
        KeyValueStore<String, EnrichmentResult> contacts = fixture.driver.getKeyValueStore(StoreNames.CONTACTS);
        assertThat(contacts.get("email:ada@example.com").correlationId()).isEqualTo(refresh.correlationId());
        // The record of the try goes once a newer result made it obsolete.
        KeyValueStore<String, Long> tries = fixture.driver.getKeyValueStore(StoreNames.REFRESHES);
        assertThat(tries.get(TenantKeys.contact("acme", "email:ada@example.com"))).isNotNull();
        fixture.advance(STEP);
        assertThat(tries.get(TenantKeys.contact("acme", "email:ada@example.com"))).isNull();
        // Fresh again: a request is answered from the refreshed result, and no refresh follows for a week.
        fixture.request(requestJson("r2", "acme", "ada@example.com"));
        assertThat(fixture.results.readValue().receivedAt()).isEqualTo(fixture.now().minus(STEP));
        fixture.advance(AFTER.minusMinutes(1));
        fixture.advance(STEP);
        assertThat(fixture.backfill.isEmpty()).isTrue();
    }

    @Test
    void aContactWithAnAttemptInFlightIsNotRefreshed() {
        start(AFTER, 0.5, 1, 1000);
        enrich("acme", "ada@example.com");
        fixture.advance(AFTER.minusMinutes(10));
        fixture.request("{\"request_id\":\"user-2\",\"tenant\":\"acme\",\"email\":\"ada@example.com\",\"force\":true}");
        OutboundRow user = fixture.outbound.readValue();

        fixture.advance(Duration.ofMinutes(11));
        fixture.advance(STEP);

        assertThat(fixture.backfill.isEmpty()).as("stale, but an attempt is in flight").isTrue();
        fixture.clayResult(user, ResultStatus.SUCCESS, null);
        fixture.advance(Duration.ofMinutes(30));
        fixture.advance(STEP);
        assertThat(fixture.backfill.isEmpty()).as("fresh after the user's attempt").isTrue();
    }

    @Test
    void refreshesKeepToTheTaskShareOfTheRateLimitAndAllAreEventuallySent() {
        // 0.5 of 10/s over 2 tasks: 2.5 refreshes per second in this one.
        start(AFTER, 0.5, 2, 1000);
        int contacts = 40;
        for (int i = 0; i < contacts; i++) {
            enrich(i % 2 == 0 ? "acme" : "beta", "c" + i + "@example.com");
        }
        fixture.advance(AFTER);

        Set<String> refreshed = new HashSet<>();
        List<Integer> perSecond = new ArrayList<>();
        int total = 0;
        for (int second = 1; second <= 40; second++) {
            fixture.advance(STEP);
            List<OutboundRow> rows = fixture.backfill.readValuesToList();
            perSecond.add(rows.size());
            total += rows.size();
            rows.forEach(row -> assertThat(refreshed.add(row.tenant() + "/" + row.contactKey()))
                    .as("refreshed once: %s", row.contactKey()).isTrue());
            assertThat(total).as("after %d s: %s", second, perSecond).isLessThanOrEqualTo((int) (2.5 * second) + 1);
        }

        assertThat(perSecond).allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(3));
        assertThat(refreshed).hasSize(contacts);
        assertThat(fixture.metrics.count("refresh/acme/skipped_rate") + fixture.metrics.count("refresh/beta/skipped_rate"))
                .isPositive();
    }

    @Test
    void aLongPauseDoesNotTurnIntoABurst() {
        start(AFTER, 0.5, 1, 1000);
        for (int i = 0; i < 30; i++) {
            enrich("acme", "c" + i + "@example.com");
        }
        fixture.advance(AFTER);
        fixture.advance(STEP);
        assertThat(fixture.backfill.readValuesToList()).hasSize(5);

        fixture.advance(Duration.ofMinutes(5));

        assertThat(fixture.backfill.readValuesToList()).hasSize(5);
    }

    @Test
    void aTenantAtWarningGetsNoRefreshWhileItsUserRequestsAreStillSent() {
        start(Duration.ofHours(1), 1, 1, 10);
        enrich("acme", "ada@example.com");
        enrich("beta", "ada@example.com");
        fixture.advance(Duration.ofMinutes(40));
        // in flight (RESULT_TIMEOUT is 30 minutes) when ada becomes stale: 1 spent + 7 reserved of 10 is past 80 %
        for (int i = 0; i < 7; i++) {
            fixture.request(requestJson("user-" + i, "acme", "c" + i + "@example.com"));
        }
        fixture.outbound.readValuesToList();
        assertThat(fixture.metrics.budgets.get("acme").state()).isEqualTo(BreakerState.WARNING);

        fixture.advance(Duration.ofMinutes(20));
        fixture.advance(STEP);

        List<OutboundRow> rows = fixture.backfill.readValuesToList();
        assertThat(rows).extracting(OutboundRow::tenant).containsExactly("beta");
        assertThat(fixture.metrics.count("refresh/acme/skipped_budget")).isPositive();
        assertThat(fixture.deadLetterRecords()).as("a refused refresh is nobody's request").isEmpty();
        assertThat(fixture.spend("acme", Period.DAY)).isEqualTo(new Spend(7000, 1000));

        fixture.request(requestJson("user-8", "acme", "linus@example.com"));
        assertThat(fixture.outbound.readValue().requestId()).isEqualTo("user-8");
    }

    @Test
    void aFailedRefreshIsTriedAgainOnlyAfterTwiceTheResultTimeoutThenLessAndLessOften() {
        // RESULT_TIMEOUT is 30 minutes in the fixture: tries at least an hour apart, then doubling.
        start(Duration.ofHours(1), 0.5, 1, 1000);
        enrich("acme", "ada@example.com");
        Instant due = fixture.now().plus(Duration.ofHours(1));
        List<Instant> tries = new ArrayList<>();
        List<OutboundRow> timedOut = new ArrayList<>();
        boolean firstFailsAtTheDispatcher = true;
        while (fixture.now().isBefore(due.plus(Duration.ofHours(9)))) {
            fixture.advance(Duration.ofMinutes(1));
            for (OutboundRow row : fixture.backfill.readValuesToList()) {
                tries.add(fixture.now());
                if (firstFailsAtTheDispatcher) {
                    fixture.dispatcherGaveUp(row, "clay_rejected");
                    firstFailsAtTheDispatcher = false;
                } else {
                    timedOut.add(row);
                }
            }
        }

        assertThat(tries).extracting(t -> Duration.between(due, t).toMinutes())
                .containsExactly(0L, 60L, 120L, 240L, 480L);
        // the later tries' reservations are held until the dispatcher says it never sent them
        assertThat(fixture.spend("acme", Period.DAY).reservedMilli()).isEqualTo(timedOut.size() * 1000L);
        timedOut.forEach(row -> fixture.receipt(row, DispatchReceipt.Stage.EXPIRED, DispatchReceipt.Reach.NO, null));
        assertThat(fixture.spend("acme", Period.DAY).reservedMilli()).isEqualTo(0);
        // The first try fails at the dispatcher, later ones time out: each dead letter is the refresh request,
        // marked as one.
        List<TestRecord<byte[], byte[]>> letters = fixture.deadLetterRecords();
        assertThat(letters).extracting(letter -> header(letter, DeadLetterHeaders.REASON))
                .containsExactly("clay_rejected", "result_timeout", "result_timeout", "result_timeout", "result_timeout");
        assertThat(letters).allSatisfy(letter -> assertThat(header(letter, RefreshRequests.HEADER)).isNotNull());
    }
}
