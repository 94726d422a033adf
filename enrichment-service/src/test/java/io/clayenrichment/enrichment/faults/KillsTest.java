package io.clayenrichment.enrichment.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.clayenrichment.common.kafka.KafkaBrokerProcess;
import io.clayenrichment.common.testing.Seeds;
import io.clayenrichment.common.testing.TestKafka;
import io.clayenrichment.enrichment.service.ServiceProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The enrichment service (the real main class in a child JVM, Kafka Streams and the dispatcher) is
 * killed with SIGKILL ten times at random moments while requests flow and Clay enriches and calls
 * back. Kills land anywhere: during start-up, restore, a rebalance, a Streams transaction, between a
 * row's intent and its POST. Afterwards no row was POSTed twice, no request was sent under two
 * correlation ids (a row of an aborted transaction never reached Clay), every request has exactly
 * one outcome, and each tenant's spend is what Clay charged.
 */
class KillsTest {

    private static final int KILLS = 10;
    private static final int REQUESTS = 300;
    private static final List<String> TENANTS = List.of("alpha", "beta", "gamma");

    @Test
    void tenKillsAtRandomMomentsResendNoRowAndEveryRequestEndsOnce() throws Exception {
        Random random = new Random(Seeds.seed());
        int port = KafkaBrokerProcess.freePort();
        try (FaultRig rig = new FaultRig("kills", TestKafka.bootstrapServers(), Map.ofEntries(
                Map.entry("HTTP_PORT", Integer.toString(port)),
                Map.entry("RESULT_TIMEOUT", "PT60S"),
                Map.entry("CREDIT_BUDGET_DAILY", "100000"),
                Map.entry("CREDIT_BUDGET_MONTHLY", "100000"),
                Map.entry("CLAY_RATE_LIMIT_PER_SECOND", "40"),
                Map.entry("CLAY_RATE_LIMIT_BURST", "10"),
                // a killed instance never leaves its groups: its session must expire before others take over
                Map.entry("KAFKA_SESSION_TIMEOUT_MS", "6000"),
                Map.entry("KAFKA_HEARTBEAT_INTERVAL_MS", "1000")))) {
            AtomicBoolean producing = new AtomicBoolean(true);
            Thread producer = new Thread(() -> {
                for (int i = 0; i < REQUESTS && producing.get(); i++) {
                    rig.request(TENANTS.get(i % TENANTS.size()), "k-" + i);
                    rig.flush();
                    sleep(150);
                }
            }, "requests");
            producer.start();
            long startedNanos = System.nanoTime();
            for (int kill = 1; kill <= KILLS; kill++) {
                ServiceProcess service = ServiceProcess.start(rig.env);
                sleep(2_000 + random.nextInt(8_000));
                assertThat(service.isAlive()).as(service.logTail()).isTrue();
                service.kill();
                rig.poll();
            }
            producer.join();
            try (ServiceProcess last = ServiceProcess.start(rig.env)) {
                // rows whose intent was made but whose POST a kill prevented end on their deadline
                await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> rig.poll() >= REQUESTS);
                Thread.sleep(2_000);
                rig.poll();
                report(rig, port, Duration.ofNanos(System.nanoTime() - startedNanos));

                assertThat(rig.postsPerCorrelationId()).as("POSTs per correlation id").allSatisfy((id, posts) ->
                        assertThat(posts).as(id).isEqualTo(1));
                assertThat(rig.correlationIdsPerRequest()).as("correlation ids sent per request").allSatisfy(
                        (id, ids) -> assertThat(ids).as(id).isEqualTo(1));
                assertThat(rig.outcomes()).hasSize(REQUESTS).allSatisfy((id, ends) ->
                        assertThat(ends).as(id).hasSize(1));
                for (String tenant : TENANTS) {
                    JsonNode day = budget(port, tenant).path("day");
                    assertThat(day.path("spent").doubleValue()).as("spend of %s", tenant)
                            .isEqualTo(rig.chargedPerTenant().getOrDefault(tenant, 0.0));
                }
                // only rows that timed out can still hold a credit: those a kill stopped between intent and POST
                assertThat(reservedAll(port)).isLessThanOrEqualTo(timedOut(rig));
            }
        }
    }

    /**
     * Requests that ended on their deadline. A row whose intent was committed but whose POST a kill
     * prevented is one of them, and keeps its credit reserved (it may have reached Clay, as far as
     * anyone can know) until LATE_RESULT_WINDOW.
     */
    private static long timedOut(FaultRig rig) {
        return rig.outcomes().values().stream().filter(ends -> ends.equals(List.of("dlq:result_timeout"))).count();
    }

    private static long reservedAll(int port) {
        return TENANTS.stream().mapToLong(tenant -> budget(port, tenant).path("day").path("reserved").longValue())
                .sum();
    }

    private static JsonNode budget(int port, String tenant) {
        return FaultRig.budget(port, tenant);
    }

    private static void report(FaultRig rig, int port, Duration took) {
        Map<String, Long> outcomes = rig.outcomes().values().stream().flatMap(List::stream)
                .collect(Collectors.groupingBy(o -> o, TreeMap::new, Collectors.counting()));
        long posts = rig.postsPerCorrelationId().values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("%d SIGKILLs in %ds: %d requests, %d POSTs of %d rows (re-sent: %d), outcomes %s,"
                        + " spend %s, Clay charged %s%n", KILLS, took.toSeconds(), REQUESTS, posts,
                rig.postsPerCorrelationId().size(), posts - rig.postsPerCorrelationId().size(), outcomes,
                TENANTS.stream().collect(Collectors.toMap(t -> t, t -> budget(port, t).path("day").toString())),
                rig.chargedPerTenant());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
