package io.clayenrichment.enrichment.topology;

import static io.clayenrichment.enrichment.topology.TopologyFixture.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.deadletter.DeadLetterHeaders;
import io.clayenrichment.common.json.Json;
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
 * For any sequence of requests, Clay results (some duplicated), dispatcher dead letters and clock
 * moves: a tenant's committed credits in a period never exceed its budget, and every request ends in
 * exactly one outcome (sent and answered by Clay, answered from the cache, or dead-lettered).
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
                boolean sentThenTimedOut = ends.equals(List.of("sent", "dlq:result_timeout"));
                assertThat(sentThenTimedOut || ends.size() == 1)
                        .as("outcomes of %s: %s; trace %s", requestId, ends, trace).isTrue();
            }
            for (String tenant : tenants) {
                assertThat(fixture.spend(tenant, Period.DAY).reservedMilli()).as("reserved after all closed").isZero();
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
                outcome(row.requestId(), "sent");
            } else if (choice < 75 && !closed.isEmpty()) {
                OutboundRow row = closed.get(random.nextInt(closed.size()));
                trace.append(" duplicate(").append(row.requestId()).append(')');
                fixture.clayResult(row, ResultStatus.SUCCESS, 1.0);
            } else if (choice < 82 && !open.isEmpty()) {
                OutboundRow row = open.remove(random.nextInt(open.size()));
                closed.add(row);
                trace.append(" dispatcherDlq(").append(row.requestId()).append(')');
                fixture.dispatcherDeadLetter(row, random.nextBoolean() ? "clay_rejected" : "retries_exhausted");
                outcome(row.requestId(), "dlq:dispatcher");
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
                if ("result_timeout".equals(reason) && open.removeIf(r -> r.correlationId().equals(correlationId)
                        && r.requestId().equals(requestId))) {
                    trace.append(" timeout(").append(requestId).append(')');
                }
            }
        }

        private void outcome(String requestId, String outcome) {
            outcomes.computeIfAbsent(requestId, id -> new ArrayList<>()).add(outcome);
            if (outcome.equals("dlq:result_timeout")) {
                // a timed-out primary was "sent" first; keep the order sent -> timeout
                List<String> ends = outcomes.get(requestId);
                if (ends.remove("sent")) {
                    ends.add(0, "sent");
                }
            }
        }
    }
}
