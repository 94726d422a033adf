package io.clayenrichment.sandbox.webhook;

import static io.clayenrichment.sandbox.SandboxHttp.send;
import static io.clayenrichment.sandbox.SandboxHttp.testSettings;
import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.sandbox.ClaySandbox;
import io.clayenrichment.sandbox.SandboxHttp;
import io.clayenrichment.sandbox.SandboxHttp.Answer;
import io.clayenrichment.sandbox.stats.SandboxStats;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A sandbox playing two workspaces over real HTTP: each its own sources, token and rate limit. */
class WorkspacesHttpTest {

    private static final String ROW = "{\"email\":\"ada@example.com\"}";

    @Test
    void eachWorkspaceHasItsOwnTokenAndBucketAndTheStatsCountThemApart() {
        try (ClaySandbox sandbox = ClaySandbox.start(testSettings().webhookToken("first-token")
                .sources(List.of("table-1")).rateLimit(1, 3)
                .workspace("second", List.of("table-2", "table-3"), "second-token", 1, 3).build())) {
            URI first = sandbox.webhookUrl("table-1");
            URI second = sandbox.webhookUrl("table-2");
            Map<String, String> firstToken = Map.of("x-clay-webhook-auth", "first-token");
            Map<String, String> secondToken = Map.of("x-clay-webhook-auth", "second-token");

            assertThat(send("POST", second, ROW, firstToken).status()).as("the first workspace's token").isEqualTo(401);
            assertThat(send("POST", first, ROW, secondToken).status()).as("the second workspace's token").isEqualTo(401);
            for (int i = 0; i < 3; i++) {
                assertThat(send("POST", first, ROW, firstToken).status()).isEqualTo(200);
            }
            Answer limited = send("POST", first, ROW, firstToken);
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.body().path("detail").asText()).contains("workspace 'default'");
            // the first workspace's bucket is empty; the second's sources share a full one of their own
            assertThat(send("POST", second, ROW, secondToken).status()).isEqualTo(200);
            assertThat(send("POST", sandbox.webhookUrl("table-3"), ROW, secondToken).status()).isEqualTo(200);

            SandboxStats stats = sandbox.stats();
            assertThat(stats.workspaces()).containsEntry("default", new SandboxStats.Workspace(3, 1))
                    .containsEntry("second", new SandboxStats.Workspace(2, 0));
            assertThat(stats.rejected(429)).isEqualTo(1);
            Answer json = SandboxHttp.admin(sandbox, "GET", "/admin/stats", null);
            assertThat(json.body().path("workspaces").path("second").path("accepted").asLong()).isEqualTo(2);
            assertThat(json.body().path("workspaces").path("default").path("rate_limited").asLong()).isEqualTo(1);
            assertThat(sandbox.scrapeMetrics())
                    .contains("clay_enrichment_sandbox_webhook_requests_total{status=\"200\",workspace=\"second\"} 2.0");
        }
    }
}
