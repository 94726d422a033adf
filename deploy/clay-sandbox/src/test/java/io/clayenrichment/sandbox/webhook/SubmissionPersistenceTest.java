package io.clayenrichment.sandbox.webhook;

import static io.clayenrichment.sandbox.SandboxHttp.postRow;
import static io.clayenrichment.sandbox.SandboxHttp.testSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clayenrichment.sandbox.ClaySandbox;
import io.clayenrichment.sandbox.SandboxSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lifetime submission counts outlive the process when a state file is configured. */
class SubmissionPersistenceTest {

    private static final Map<String, Object> ROW = Map.of("email", "ada@example.com");

    @Test
    void aUsedUpUrlStaysUsedUpAndADeletedSourceStaysDeletedAcrossARestart(@TempDir Path dir) {
        SandboxSettings settings = testSettings().urlSubmissionCap(2).stateFile(dir.resolve("state/sandbox.json"))
                .build();
        try (ClaySandbox sandbox = ClaySandbox.start(settings)) {
            postRow(sandbox.webhookUrl("table-1"), ROW);
            postRow(sandbox.webhookUrl("table-1"), ROW);
            postRow(sandbox.webhookUrl("table-2"), ROW);
            sandbox.createSource("extra");
            sandbox.deleteSource("table-3");
        }

        try (ClaySandbox restarted = ClaySandbox.start(settings)) {
            assertThat(postRow(restarted.webhookUrl("table-1"), ROW).error()).isEqualTo("webhook_limit_reached");
            assertThat(postRow(restarted.webhookUrl("table-2"), ROW).status()).isEqualTo(200);
            assertThat(postRow(restarted.webhookUrl("table-2"), ROW).status()).isEqualTo(422);
            assertThat(postRow(restarted.webhookUrl("table-3"), ROW).status()).isEqualTo(404);
            assertThat(postRow(restarted.webhookUrl("extra"), ROW).status()).isEqualTo(200);
            assertThat(restarted.stats().submissionsBySource())
                    .containsEntry("table-1", 2L).containsEntry("table-2", 2L).containsEntry("extra", 1L);
        }
    }

    @Test
    void aStateFileThatIsNotOneStopsTheStartWithItsPath(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{ not json");
        SandboxSettings settings = testSettings().stateFile(file).build();
        assertThatThrownBy(() -> ClaySandbox.start(settings).close())
                .hasMessageContaining("SANDBOX_STATE_FILE").hasMessageContaining(file.toString());
    }
}
