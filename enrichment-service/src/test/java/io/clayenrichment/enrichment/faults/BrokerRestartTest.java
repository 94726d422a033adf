package io.clayenrichment.enrichment.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.kafka.KafkaBrokerProcess;
import io.clayenrichment.common.testing.TestKafka;
import io.clayenrichment.enrichment.EnrichmentService;
import io.clayenrichment.enrichment.EnrichmentSettings;
import io.clayenrichment.enrichment.service.Http;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker (a real KRaft broker in its own process) is stopped mid-run, kept down for ten seconds
 * and started again on the same data, while requests flow and Clay calls back. The service rides it
 * out: nothing is lost, no row is POSTed twice, every request ends once, and the service is live and
 * ready again without a restart.
 */
class BrokerRestartTest {

    private static final int BEFORE = 60;
    private static final int AFTER = 60;

    @TempDir
    Path brokerDir;

    @Test
    void aBrokerRestartMidRunLosesNothingAndSendsNothingTwice() throws Exception {
        try (KafkaBrokerProcess broker = TestKafka.ownBrokerProcess(brokerDir)) {
            broker.start(TestKafka.brokerStartTimeout());
            try (FaultRig rig = new FaultRig("broker-restart", broker.bootstrapServers(), Map.ofEntries(
                    Map.entry("RESULT_TIMEOUT", "PT90S"),
                    Map.entry("CLAY_RATE_LIMIT_PER_SECOND", "30"),
                    Map.entry("CLAY_RATE_LIMIT_BURST", "10")));
                    EnrichmentService service = EnrichmentService.start(EnrichmentSettings.fromEnv(new Env(rig.env)))) {
                await().atMost(Duration.ofSeconds(60)).until(() -> Http.get(service.httpPort(), "/health/ready")
                        .statusCode() == 200);
                for (int i = 0; i < BEFORE; i++) {
                    rig.request("acme", "before-" + i);
                }
                rig.flush();
                await().atMost(Duration.ofSeconds(60)).until(() -> rig.poll() >= BEFORE / 3);

                broker.stop();
                Thread.sleep(10_000);
                broker.start(TestKafka.brokerStartTimeout());
                long restartedNanos = System.nanoTime();
                for (int i = 0; i < AFTER; i++) {
                    rig.request("acme", "after-" + i);
                }
                rig.flush();
                await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> rig.poll() >= BEFORE + AFTER);
                long recoveredSeconds = Duration.ofNanos(System.nanoTime() - restartedNanos).toSeconds();
                Thread.sleep(1_000);
                rig.poll();

                Map<String, Long> outcomes = rig.outcomes().values().stream().flatMap(List::stream)
                        .collect(Collectors.groupingBy(o -> o, TreeMap::new, Collectors.counting()));
                System.out.printf("broker down 10 s mid-run: %d requests all answered %d s after it came back;"
                        + " outcomes %s; %d POSTs of %d rows%n", BEFORE + AFTER, recoveredSeconds, outcomes,
                        rig.clay.received().size(), rig.postsPerCorrelationId().size());
                assertThat(rig.outcomes()).hasSize(BEFORE + AFTER).allSatisfy((id, ends) ->
                        assertThat(ends).as(id).hasSize(1));
                assertThat(rig.postsPerCorrelationId()).allSatisfy((id, posts) -> assertThat(posts).as(id).isEqualTo(1));
                assertThat(rig.correlationIdsPerRequest()).allSatisfy((id, ids) -> assertThat(ids).as(id).isEqualTo(1));
                assertThat(Http.get(service.httpPort(), "/health/live").statusCode()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(30)).until(() -> Http.get(service.httpPort(), "/health/ready")
                        .statusCode() == 200);
            }
        }
    }
}
