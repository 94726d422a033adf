package io.clayenrichment.enrichment.topology;

import static io.clayenrichment.enrichment.topology.TopologyFixture.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.deadletter.DeadLetterHeaders;
import io.clayenrichment.common.schema.OutboundRow;
import io.clayenrichment.common.schema.ResultStatus;
import io.clayenrichment.common.testing.Seeds;
import io.clayenrichment.enrichment.budget.Period;
import io.clayenrichment.enrichment.refresh.RefreshRequests;
import io.clayenrichment.enrichment.refresh.RefreshSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * For any sequence of requests, Clay results, dispatcher failures and clock moves with scheduled refresh
 * on: budgets hold, a refresh is only sent while its tenant was below the warning threshold, never for a
 * contact in flight, never sooner than twice the result timeout after the contact's previous refresh,
 * and no punctuation sends more than its share of the rate limit.
 */
class RefreshPropertyTest {

    private static final long DAILY = 6;
    private static final long MONTHLY = 15;
    private static final double WARNING = 0.8;
    /** 0.3 of 10/s in one task: at most 3 refreshes per one-second punctuation. */
    private static final int PER_PUNCTUATION = 3;
    private static final int CASES_PER_DRIVER = 25;
    private static TopologyFixture fixture;

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void refreshesRespectBudgetsInFlightAttemptsRetryGapsAndTheirRate() {
        int[] caseNumber = {0};
        Seeds.check(120, random -> {
            if (caseNumber[0] % CASES_PER_DRIVER == 0) {
                stop();
                fixture = new TopologyFixture(TopologyFixture.policy(DAILY, MONTHLY),
                        new RefreshSettings(Duration.ofHours(2), 0.3, 10, 1));
            }
            new Sequence(caseNumber[0]++, random).run();
        });
    }

    private static final class Sequence {
        private final Random random;
        private final List<String> tenants;
        /** Attempts in flight of this case's tenants, by tenant and contact key. */
        private final Map<String, OutboundRow> open = new HashMap<>();
        private final Map<String, Instant> lastRefresh = new HashMap<>();
        private final StringBuilder trace = new StringBuilder();

        Sequence(int number, Random random) {
            this.random = random;
            this.tenants = List.of("r" + number + "-a", "r" + number + "-b");
        }

        void run() {
            int steps = 10 + random.nextInt(60);
            for (int i = 0; i < steps; i++) {
                step();
            }
        }

        private void step() {
            int choice = random.nextInt(100);
            if (choice < 40) {
                String tenant = tenants.get(random.nextInt(tenants.size()));
                String email = "p" + random.nextInt(5) + "@example.com";
                trace.append(" req(").append(tenant).append(',').append(email).append(')');
                fixture.request(TopologyFixture.requestJson("u" + random.nextInt(1_000_000), tenant, email));
                collect(false);
            } else if (choice < 65 && !open.isEmpty()) {
                OutboundRow row = pickOpen();
                ResultStatus status = random.nextInt(5) == 0 ? ResultStatus.NOT_FOUND : ResultStatus.SUCCESS;
                trace.append(" result(").append(row.requestId()).append(',').append(status).append(')');
                fixture.clayResult(row, status, random.nextBoolean() ? null : 1.0);
                collect(false);
            } else if (choice < 72 && !open.isEmpty()) {
                OutboundRow row = pickOpen();
                trace.append(" dispatcherDlq(").append(row.requestId()).append(')');
                fixture.dispatcherGaveUp(row, "retries_exhausted");
                collect(false);
            } else {
                Duration by = switch (random.nextInt(4)) {
                    case 0 -> Duration.ofSeconds(1 + random.nextInt(5));
                    case 1 -> Duration.ofMinutes(1 + random.nextInt(40));
                    default -> Duration.ofHours(1 + random.nextInt(4));
                };
                trace.append(" clock(+").append(by).append(')');
                fixture.advance(by);
                collect(true);
            }
            fixture.assertBudgetsHold(tenants, DAILY, MONTHLY, trace);
        }

        private OutboundRow pickOpen() {
            List<String> keys = new ArrayList<>(open.keySet());
            return open.remove(keys.get(random.nextInt(keys.size())));
        }

        /** Reads what the step produced; refreshes can only come from a punctuation. */
        private void collect(boolean punctuated) {
            // timeouts come first in a punctuation: they close attempts before the walk looks at them
            for (TestRecord<byte[], byte[]> letter : fixture.deadLetterRecords()) {
                String correlationId = header(letter, DeadLetterHeaders.CORRELATION_ID);
                open.values().removeIf(row -> row.correlationId().equals(correlationId));
            }
            List<OutboundRow> rows = fixture.outbound.readValuesToList();
            long refreshes = rows.stream().filter(RefreshPropertyTest::isRefresh).count();
            assertThat(refreshes).as("refreshes in one punctuation; trace %s", trace)
                    .isLessThanOrEqualTo(punctuated ? PER_PUNCTUATION : 0);
            Map<String, Integer> refreshesPerTenant = new HashMap<>();
            for (OutboundRow row : rows) {
                if (!tenants.contains(row.tenant())) {
                    continue;
                }
                String contact = row.tenant() + "/" + row.contactKey();
                if (isRefresh(row)) {
                    assertThat(open).as("refresh of %s in flight; trace %s", contact, trace).doesNotContainKey(contact);
                    Instant previous = lastRefresh.put(contact, fixture.now());
                    if (previous != null) {
                        assertThat(Duration.between(previous, fixture.now()))
                                .as("gap between refreshes of %s; trace %s", contact, trace)
                                .isGreaterThanOrEqualTo(TopologyFixture.TIMEOUT.multipliedBy(2));
                    }
                    refreshesPerTenant.merge(row.tenant(), 1, Integer::sum);
                }
                open.put(contact, row);
            }
            // Within a punctuation spend only grows by the refreshes after timeouts released theirs, so the
            // spend before the last refresh was the highest any refresh of that tenant saw.
            refreshesPerTenant.keySet().forEach(tenant -> {
                for (Period period : Period.values()) {
                    long limit = (period == Period.DAY ? DAILY : MONTHLY) * 1000;
                    assertThat(fixture.spend(tenant, period).committedMilli() - 1000)
                            .as("%s spend of %s before its last refresh; trace %s", period, tenant, trace)
                            .isLessThan((long) (WARNING * limit));
                }
            });
        }
    }

    private static boolean isRefresh(OutboundRow row) {
        return row.requestId().startsWith(RefreshRequests.REQUEST_ID_PREFIX);
    }
}
