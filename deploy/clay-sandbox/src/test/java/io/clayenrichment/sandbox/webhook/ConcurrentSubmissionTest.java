package io.clayenrichment.sandbox.webhook;

import static io.clayenrichment.sandbox.SandboxHttp.postRow;
import static io.clayenrichment.sandbox.SandboxHttp.testSettings;
import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.sandbox.ClaySandbox;
import io.clayenrichment.sandbox.stats.SandboxStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Many clients at once: the lifetime cap is never overshot and the counts still add up. */
class ConcurrentSubmissionTest {

    @Test
    void concurrentClientsNeverPushAUrlPastItsCap() throws Exception {
        int cap = 50;
        int clients = 8;
        int perClient = 15;
        try (ClaySandbox sandbox = ClaySandbox.start(testSettings().urlSubmissionCap(cap)
                .rateLimit(100_000, 100_000).build())) {
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            List<Future<List<Integer>>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                results.add(pool.submit(() -> {
                    List<Integer> statuses = new ArrayList<>();
                    for (int i = 0; i < perClient; i++) {
                        statuses.add(postRow(sandbox.webhookUrl("table-1"),
                                Map.of("email", "c" + client + "-" + i + "@example.com")).status());
                    }
                    return statuses;
                }));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<List<Integer>> result : results) {
                statuses.addAll(result.get());
            }
            pool.shutdown();

            assertThat(statuses.stream().filter(s -> s == 200)).hasSize(cap);
            assertThat(statuses.stream().filter(s -> s == 422)).hasSize(clients * perClient - cap);
            SandboxStats stats = sandbox.stats();
            assertThat(stats.submissionsBySource()).containsEntry("table-1", (long) cap);
            assertThat(stats.received()).isEqualTo(clients * perClient);
            assertThat(stats.received()).isEqualTo(stats.accepted() + stats.rejected());
        }
    }
}
