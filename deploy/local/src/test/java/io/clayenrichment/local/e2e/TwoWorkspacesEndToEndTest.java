package io.clayenrichment.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clayenrichment.sandbox.faults.FaultSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The platform against a sandbox playing two Clay workspaces, each with its own sources, token and
 * limit of 10 rows a second: one tenant's rows are spread over both, every request ends as a Clay
 * result, both workspaces take rows, and neither answers a single 429, from the first second on.
 */
class TwoWorkspacesEndToEndTest {

    static final int RATE = 10;
    static final int BURST = 20;
    static final String SECOND_TOKEN = "e2e-second-workspace-token";

    @Test
    void aTenantSpreadOverTwoWorkspacesIsEnrichedThroughBothWithNo429() throws Exception {
        int count = 200;
        try (Platform platform = startTwoWorkspaces(Map.of("RESULT_TIMEOUT", "PT2M"));
                Outcomes outcomes = new Outcomes(platform.topics)) {
            platform.produce(requests("acme", count));
            await("every request has an outcome").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> outcomes.poll() >= count);

            assertThat(outcomes.countStartingWith("clay:")).isEqualTo(count);
            assertThat(platform.sandbox.stats().accepted()).isEqualTo(count);
            assertThat(platform.sandbox.stats().rejected(429)).as("429s from Clay, first seconds included").isZero();
            Map<String, Double> sent = sentByWorkspace(platform);
            assertThat(sent.get("default") + sent.get("second")).isEqualTo(count);
            assertThat(sent.get("second")).as("rows the second workspace took").isGreaterThan(count / 4.0);
            assertThat(sent.get("default")).as("rows the default workspace took").isGreaterThan(count / 4.0);
        }
    }

    /**
     * A platform sending to a sandbox with workspaces {@code default} (table-1) and {@code second}
     * (table-2), each 10 rows a second. The sandbox's bursts are a few tokens above the dispatcher's, as
     * in PlatformEndToEndTest: rows a token apart may arrive closer together, at most one per partition.
     */
    static Platform startTwoWorkspaces(Map<String, String> settings) throws Exception {
        Map<String, String> env = new LinkedHashMap<>(settings);
        env.put("CLAY_RATE_LIMIT_PER_SECOND", Integer.toString(RATE));
        env.put("CLAY_RATE_LIMIT_BURST", Integer.toString(BURST));
        env.put("CLAY_WORKSPACE_SECOND_RATE_LIMIT_PER_SECOND", Integer.toString(RATE));
        env.put("CLAY_WORKSPACE_SECOND_RATE_LIMIT_BURST", Integer.toString(BURST));
        return Platform.start(env, sandbox -> sandbox.faults(FaultSettings.NONE)
                .rateLimit(RATE, BURST + Platform.PARTITIONS)
                .workspace("second", List.of("table-2"), SECOND_TOKEN, RATE, BURST + Platform.PARTITIONS),
                List.of("table-1"));
    }

    static Map<String, byte[]> requests(String tenant, int count) {
        Map<String, byte[]> requests = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            requests.put(tenant + "-" + i, Platform.request(tenant + "-" + i, tenant, "person" + i + "@" + tenant + ".example"));
        }
        return requests;
    }

    /** What the dispatcher counts per workspace, from the enrichment service's /metrics. */
    static Map<String, Double> sentByWorkspace(Platform platform) throws Exception {
        Map<String, Double> sent = new LinkedHashMap<>(Map.of("default", 0.0, "second", 0.0));
        String metrics = Platform.get(platform.enrichment.httpPort(), "/metrics").body();
        for (String line : metrics.lines().toList()) {
            if (line.startsWith("clay_enrichment_clay_workspace_sent_total{")) {
                String workspace = line.substring(line.indexOf("workspace=\"") + 11, line.indexOf('"', line.indexOf("workspace=\"") + 11));
                sent.put(workspace, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        return sent;
    }
}
