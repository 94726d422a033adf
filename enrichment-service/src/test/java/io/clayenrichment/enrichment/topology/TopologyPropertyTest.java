package io.clayenrichment.enrichment.topology;

import static io.clayenrichment.enrichment.topology.TopologyFixture.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.deadletter.DeadLetterHeaders;
import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.schema.DispatchReceipt;
import io.clayenrichment.common.schema.EnrichmentRequest;
import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.schema.OutboundRow;
import io.clayenrichment.common.schema.ResultStatus;
import io.clayenrichment.common.testing.Seeds;
import io.clayenrichment.enrichment.budget.Period;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * For any sequence of requests, Clay results (some duplicated, some after their attempt timed out),
 * dispatcher receipts (sending, accepted, given up, expired) and clock moves: a tenant's committed
 * credits in a period never exceed its budget, every request ends in exactly one outcome (answered by
 * Clay, answered from the cache, or dead-lettered), and once every row's fate is known no credit is
 * left reserved.
 * Each case uses tenants of its own in a driver shared by a few dozen cases, so thousands of cases stay fast.
 */
class TopologyPropertyTest {

    private static final long DAILY = 3;
    private static final long MONTHLY = 5;
    /** Tenants accumulate in a driver; a fresh one now and then keeps every case equally fast. */
    private static final int CASES_PER_DRIVER = 50;
    private static TopologyFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new TopologyFixture(TopologyFixture.policy(DAILY, MONTHLY));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void budgetsHoldAndEveryRequestEndsExactlyOnce() {
        int[] caseNumber = {0};
        Seeds.check(2000, random -> {
            if (caseNumber[0] % CASES_PER_DRIVER == 0) {
                fixture.close();
                fixture = new TopologyFixture(TopologyFixture.policy(DAILY, MONTHLY));
            }
            new Sequence(caseNumber[0]++, random).run();
        });
    }

    private static final class Sequence {
        private final Random random;
        private final List<String> tenants;
        private final List<OutboundRow> open = new ArrayList<>();
        private final List<OutboundRow> closed = new ArrayList<>();
        /** Rows whose attempt timed out and whose fate the dispatcher has not told yet. */
        private final List<OutboundRow> timedOut = new ArrayList<>();
        private final Map<String, List<String>> outcomes = new HashMap<>();
        private final List<String> requestIds = new ArrayList<>();
        private final StringBuilder trace = new StringBuilder();

        Sequence(int number, Random random) {
            this.random = random;
            this.tenants = List.of("c" + number + "-a", "c" + number + "-b");
        }

        void run() {
            int steps = 5 + random.nextInt(40);
            for (int i = 0; i < steps; i++) {
                step();
                collectOutputs();
                fixture.assertBudgetsHold(tenants, DAILY, MONTHLY, trace);
            }
            // after every deadline has passed, nothing may be left open
            fixture.advance(TopologyFixture.TIMEOUT.plusSeconds(2));
            collectOutputs();
            assertThat(open).as("attempts still open after the timeout; trace %s", trace).isEmpty();
            for (String requestId : requestIds) {
                List<String> ends = outcomes.getOrDefault(requestId, List.of());
                assertThat(ends).as("outcomes of %s; trace %s", requestId, trace).hasSize(1);
            }
            // the dispatcher's last word on every row still held: each reservation ends
            for (OutboundRow row : List.copyOf(timedOut)) {
                finish(row);
            }
            collectOutputs();
            assertThat(outcomes.values()).as("no second outcome; trace %s", trace).allMatch(ends -> ends.size() == 1);
            for (String tenant : tenants) {
                assertThat(fixture.spend(tenant, Period.DAY).reservedMilli()).as("reserved after all closed; trace %s",
                        trace).isZero();
                assertThat(fixture.spend(tenant, Period.MONTH).reservedMilli()).isZero();
            }
        }

        /** The fate of a timed-out row: never sent (expired), or a late result from Clay. */
        private void finish(OutboundRow row) {
            timedOut.remove(row);
            if (random.nextBoolean()) {
                trace.append(" expired(").append(row.requestId()).append(')');
                fixture.receipt(row, DispatchReceipt.Stage.EXPIRED, DispatchReceipt.Reach.NO, null);
            } else {
                trace.append(" late(").append(row.requestId()).append(')');
                fixture.clayResult(row, random.nextBoolean() ? ResultStatus.SUCCESS : ResultStatus.NOT_FOUND,
                        random.nextBoolean() ? null : 0.5);
            }
        }

        private void step() {
            int choice = random.nextInt(100);
            if (choice < 50) {
                String tenant = tenants.get(random.nextInt(tenants.size()));
                String requestId = tenant + "-r" + requestIds.size();
                requestIds.add(requestId);
                boolean force = random.nextInt(10) == 0;
                String json = "{\"request_id\":\"" + requestId + "\",\"tenant\":\"" + tenant + "\",\"email\":\"p"
                        + random.nextInt(4) + "@example.com\"" + (force ? ",\"force\":true" : "") + "}";
                trace.append(" req(").append(requestId).append(force ? ",force" : "").append(')');
                fixture.request(json);
            } else if (choice < 70 && !open.isEmpty()) {
                OutboundRow row = open.remove(random.nextInt(open.size()));
                closed.add(row);
                ResultStatus status = random.nextInt(4) == 0 ? ResultStatus.NOT_FOUND : ResultStatus.SUCCESS;
                Double credits = List.of(0.0, 0.5, 1.0).get(random.nextInt(3));
                credits = random.nextBoolean() ? null : credits;
                trace.append(" result(").append(row.requestId()).append(',').append(status).append(')');
                fixture.clayResult(row, status, credits);
                outcome(row.requestId(), "clay");
            } else if (choice < 73 && !closed.isEmpty()) {
                OutboundRow row = closed.get(random.nextInt(closed.size()));
                trace.append(" duplicate(").append(row.requestId()).append(')');
                fixture.clayResult(row, ResultStatus.SUCCESS, 1.0);
            } else if (choice < 78 && !open.isEmpty()) {
                OutboundRow row = open.remove(random.nextInt(open.size()));
                closed.add(row);
                String reason = random.nextBoolean() ? "clay_rejected" : "retries_exhausted";
                trace.append(" gaveUp(").append(row.requestId()).append(',').append(reason).append(')');
                fixture.dispatcherGaveUp(row, reason);
            } else if (choice < 82 && !open.isEmpty()) {
                OutboundRow row = open.get(random.nextInt(open.size()));
                boolean accepted = random.nextBoolean();
                trace.append(accepted ? " accepted(" : " sending(").append(row.requestId()).append(')');
                fixture.receipt(row, accepted ? DispatchReceipt.Stage.ACCEPTED : DispatchReceipt.Stage.SENDING,
                        accepted ? DispatchReceipt.Reach.YES : DispatchReceipt.Reach.MAYBE, null);
            } else if (choice < 85 && !timedOut.isEmpty()) {
                finish(timedOut.get(random.nextInt(timedOut.size())));
            } else {
                Duration by = switch (random.nextInt(3)) {
                    case 0 -> Duration.ofSeconds(1 + random.nextInt(60));
                    case 1 -> Duration.ofMinutes(10 + random.nextInt(30));
                    default -> Duration.ofHours(1 + random.nextInt(24));
                };
                trace.append(" clock(+").append(by).append(')');
                fixture.advance(by);
            }
        }

        private void collectOutputs() {
            for (OutboundRow row : fixture.outbound.readValuesToList()) {
                open.add(row);
            }
            for (EnrichmentResult answer : fixture.results.readValuesToList()) {
                outcome(answer.requestId(), "cache");
            }
            for (TestRecord<byte[], byte[]> letter : fixture.deadLetterRecords()) {
                String reason = header(letter, DeadLetterHeaders.REASON);
                String requestId = Json.read(letter.value(), EnrichmentRequest.class).requestId();
                outcome(requestId, "dlq:" + reason);
                String correlationId = header(letter, DeadLetterHeaders.CORRELATION_ID);
                for (OutboundRow row : List.copyOf(open)) {
                    if ("result_timeout".equals(reason) && row.correlationId().equals(correlationId)
                            && row.requestId().equals(requestId)) {
                        open.remove(row);
                        timedOut.add(row);
                        trace.append(" timeout(").append(requestId).append(')');
                    }
                }
            }
        }

        private void outcome(String requestId, String outcome) {
            outcomes.computeIfAbsent(requestId, id -> new ArrayList<>()).add(outcome);
        }
    }
}
