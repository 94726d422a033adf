package io.clayenrichment.enrichment.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clayenrichment.common.kafka.KafkaBrokerProcess;
import io.clayenrichment.common.testing.TestKafka;
import io.clayenrichment.enrichment.service.Http;
import io.clayenrichment.enrichment.service.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A rolling upgrade on one broker while requests flow: two instances of the previous build (internal
 * records of version 4, which it alone reads) are replaced one at a time by the new build writing
 * version 4 ({@code INTERNAL_RECORD_VERSION=4}), then restarted one at a time writing version 5. At
 * every moment an old and a new instance, or two new ones writing different versions, share the tasks,
 * the repartition topic and the changelogs. Afterwards every request has exactly one outcome, none was
 * unreadable, no row reached Clay twice, the tenant with a small budget got exactly its budget, and
 * each tenant's spend is what Clay charged.
 */
class RollingUpgradeTest {

    private static final int REQUESTS = 240;
    private static final int ALPHA_DAILY = 30;
    private static final List<String> TENANTS = List.of("alpha", "beta", "gamma");

    @Test
    void twoInstancesUpgradeOneAtATimeAndKeepDecidingCorrectly() throws Exception {
        Path previous = PreviousBuild.writingVersion(4);
        try (FaultRig rig = new FaultRig("upgrade", TestKafka.bootstrapServers(), Map.of(
                "RESULT_TIMEOUT", "PT60S",
                "CREDIT_BUDGETS", "alpha:" + ALPHA_DAILY + ":1000",
                "CREDIT_BUDGET_DAILY", "100000",
                "CREDIT_BUDGET_MONTHLY", "100000",
                "CLAY_RATE_LIMIT_PER_SECOND", "40",
                "CLAY_RATE_LIMIT_BURST", "10"))) {
            Instance first = new Instance(rig.env, "a");
            Instance second = new Instance(rig.env, "b");
            AtomicBoolean producing = new AtomicBoolean(true);
            Thread producer = new Thread(() -> {
                for (int i = 0; i < REQUESTS && producing.get(); i++) {
                    rig.request(TENANTS.get(i % TENANTS.size()), "u-" + i);
                    rig.flush();
                    pause(120);
                }
            }, "requests");
            try {
                first.start(previous, null);
                second.start(previous, null);
                producer.start();
                pause(4_000);
                // first restart: the new build, writing what the previous one reads
                first.restart(null, "4");
                second.restart(null, "4");
                // second restart: the new build writes its own version, which every running instance reads
                first.restart(null, null);
                second.restart(null, null);
                producer.join();
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> rig.poll() >= REQUESTS);
                pause(2_000);
                rig.poll();

                Map<String, Long> outcomes = rig.outcomes().values().stream().flatMap(List::stream)
                        .collect(Collectors.groupingBy(o -> o, TreeMap::new, Collectors.counting()));
                System.out.printf("rolling upgrade (previous build, new writing 4, new writing 5): %d requests,"
                        + " outcomes %s, Clay charged %s%n", REQUESTS, outcomes, rig.chargedPerTenant());
                assertThat(rig.outcomes()).hasSize(REQUESTS).allSatisfy((id, ends) ->
                        assertThat(ends).as(id).hasSize(1));
                assertThat(outcomes).doesNotContainKey("dlq:invalid");
                assertThat(rig.postsPerCorrelationId()).allSatisfy((id, posts) -> assertThat(posts).as(id)
                        .isEqualTo(1));
                assertThat(rig.correlationIdsPerRequest()).allSatisfy((id, ids) -> assertThat(ids).as(id)
                        .isEqualTo(1));
                assertThat(rig.acceptedPerTenant().get("alpha")).isEqualTo((long) ALPHA_DAILY);
                assertThat(outcomes.get("dlq:budget_exhausted")).isEqualTo(REQUESTS / TENANTS.size() - ALPHA_DAILY);
                for (String tenant : TENANTS) {
                    assertThat(FaultRig.budget(second.port, tenant).path("day").path("spent").doubleValue())
                            .as("spend of %s", tenant).isEqualTo(rig.chargedPerTenant().getOrDefault(tenant, 0.0));
                }
            } finally {
                producing.set(false);
                producer.join();
                first.stop();
                second.stop();
            }
        }
    }

    /** One instance of the service: its own HTTP port and state directory, kept across restarts. */
    private static final class Instance {
        private final Map<String, String> env;
        private final int port;
        private ServiceProcess process;

        Instance(Map<String, String> shared, String name) throws java.io.IOException {
            env = new HashMap<>(shared);
            port = KafkaBrokerProcess.freePort();
            env.put("HTTP_PORT", Integer.toString(port));
            env.put("STATE_DIR", Files.createTempDirectory("upgrade-" + name + "-state-").toString());
        }

        /** @param jar another build's runnable jar, or null for this build */
        void start(Path jar, String recordVersion) throws Exception {
            Map<String, String> launch = new HashMap<>(env);
            if (recordVersion != null) {
                launch.put("INTERNAL_RECORD_VERSION", recordVersion);
            }
            process = jar == null ? ServiceProcess.start(launch) : ServiceProcess.startJar(jar, launch);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptionsInstanceOf(java.io.UncheckedIOException.class).until(() -> {
                assertThat(process.isAlive()).as(process.logTail()).isTrue();
                return Http.get(port, "/health/ready").statusCode() == 200;
            });
        }

        /** SIGTERM, as Kubernetes stops a pod in a rolling update, then the next build in its place. */
        void restart(Path jar, String recordVersion) throws Exception {
            stop();
            start(jar, recordVersion);
            pause(3_000);
        }

        void stop() throws InterruptedException {
            if (process != null) {
                process.close();
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
