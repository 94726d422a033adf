package io.clayenrichment.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.config.SettingsException;
import io.clayenrichment.sandbox.faults.FaultSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SandboxSettingsTest {

    @Test
    void extraWorkspacesComeFromTheirOwnVariablesAndBadOnesFailNamingTheVariable() {
        SandboxSettings s = SandboxSettings.fromEnv(new Env(Map.of("SANDBOX_WEBHOOK_TOKEN", "t0",
                "SANDBOX_SOURCES", "table-1", "SANDBOX_WORKSPACES", "second, eu-3",
                "SANDBOX_WORKSPACE_SECOND_SOURCES", "table-2,table-3", "SANDBOX_WORKSPACE_SECOND_WEBHOOK_TOKEN", "t2",
                "SANDBOX_WORKSPACE_SECOND_RATE_LIMIT_PER_SECOND", "5", "SANDBOX_WORKSPACE_EU_3_SOURCES", "eu-table")));

        assertThat(s.allWorkspaces()).extracting(WorkspaceSettings::name).containsExactly("default", "second", "eu-3");
        WorkspaceSettings second = s.allWorkspaces().get(1);
        assertThat(second.sources()).containsExactly("table-2", "table-3");
        assertThat(second.webhookToken()).isEqualTo("t2");
        assertThat(second.rateLimitPerSecond()).isEqualTo(5);
        assertThat(second.rateLimitBurst()).isEqualTo(20);
        assertThat(s.allWorkspaces().get(2).webhookToken()).as("the default workspace's token").isEqualTo("t0");

        assertThatThrownBy(() -> SandboxSettings.fromEnv(new Env(Map.of("SANDBOX_WORKSPACES", "second"))))
                .isInstanceOf(SettingsException.class).hasMessageStartingWith("SANDBOX_WORKSPACE_SECOND_SOURCES is required");
        assertThatThrownBy(() -> SandboxSettings.fromEnv(new Env(Map.of("SANDBOX_WORKSPACES", "Second"))))
                .isInstanceOf(SettingsException.class).hasMessageContaining("'Second'");
        assertThatThrownBy(() -> SandboxSettings.fromEnv(new Env(Map.of("SANDBOX_WORKSPACES", "second",
                "SANDBOX_WORKSPACE_SECOND_SOURCES", "table-1")))).isInstanceOf(SettingsException.class)
                .hasMessageContaining("table-1");
        assertThatThrownBy(() -> SandboxSettings.fromEnv(new Env(Map.of("SANDBOX_WORKSPACES", "second",
                "SANDBOX_WORKSPACE_SECOND_SOURCES", "t-9", "SANDBOX_WORKSPACE_SECOND_RATE_LIMIT_BURST", "0"))))
                .isInstanceOf(SettingsException.class).hasMessageStartingWith("SANDBOX_WORKSPACE_SECOND_RATE_LIMIT_BURST=0");
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        SandboxSettings s = SandboxSettings.fromEnv(new Env(Map.of()));

        assertThat(s.port()).isEqualTo(8090);
        assertThat(s.sources()).containsExactly("table-1", "table-2", "table-3");
        assertThat(s.webhookToken()).isEmpty();
        assertThat(s.rateLimitPerSecond()).isEqualTo(10);
        assertThat(s.rateLimitBurst()).isEqualTo(20);
        assertThat(s.maxPayloadBytes()).isEqualTo(102_400);
        assertThat(s.urlSubmissionCap()).isEqualTo(50_000);
        assertThat(s.stateFile()).isNull();
        assertThat(s.enrichDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.callbackUrl()).isNull();
        assertThat(s.creditsPerRow()).isEqualTo(1);
        assertThat(s.callbackRetries()).isEqualTo(3);
        assertThat(s.faults()).isEqualTo(FaultSettings.DEFAULTS);
        assertThat(s.faults().notFoundRate()).isEqualTo(0.05);
        assertThat(s.faults().duplicateCallbackRate()).isEqualTo(0.02);
        assertThat(s.faults().slowDelay()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s).isEqualTo(SandboxSettings.builder().build());
    }

    @Test
    void everyVariableIsRead() {
        SandboxSettings s = SandboxSettings.fromEnv(new Env(Map.ofEntries(
                Map.entry("SANDBOX_PORT", "9000"),
                Map.entry("SANDBOX_PUBLIC_URL", "http://clay-sandbox:9000"),
                Map.entry("SANDBOX_SOURCES", "a, b"),
                Map.entry("SANDBOX_WEBHOOK_TOKEN", "tok"),
                Map.entry("SANDBOX_RATE_LIMIT_PER_SECOND", "2.5"),
                Map.entry("SANDBOX_RATE_LIMIT_BURST", "4"),
                Map.entry("SANDBOX_MAX_PAYLOAD_BYTES", "1000"),
                Map.entry("SANDBOX_URL_SUBMISSION_CAP", "7"),
                Map.entry("SANDBOX_STATE_FILE", "/tmp/sandbox-state.json"),
                Map.entry("SANDBOX_ENRICH_DELAY", "PT0.1S"),
                Map.entry("SANDBOX_ENRICH_JITTER", "PT0S"),
                Map.entry("SANDBOX_CALLBACK_URL", "http://127.0.0.1:8080/clay-webhook"),
                Map.entry("SANDBOX_CALLBACK_SECRET", "sec"),
                Map.entry("SANDBOX_CREDITS_PER_ROW", "3"),
                Map.entry("SANDBOX_CALLBACK_RETRIES", "0"),
                Map.entry("SANDBOX_NOT_FOUND_RATE", "0.5"),
                Map.entry("SANDBOX_ENRICH_ERROR_RATE", "0.0625"),
                Map.entry("SANDBOX_DUPLICATE_CALLBACK_RATE", "0.25"),
                Map.entry("SANDBOX_LOST_CALLBACK_RATE", "0.125"),
                Map.entry("SANDBOX_ERROR_RATE", "0.1"),
                Map.entry("SANDBOX_SLOW_RATE", "0.2"),
                Map.entry("SANDBOX_SLOW_DELAY", "PT1S"),
                Map.entry("SANDBOX_OUTAGE", "true"),
                Map.entry("SANDBOX_SEED", "99"))));

        assertThat(s.port()).isEqualTo(9000);
        assertThat(s.publicUrl()).isEqualTo(URI.create("http://clay-sandbox:9000"));
        assertThat(s.sources()).containsExactly("a", "b");
        assertThat(s.webhookToken()).isEqualTo("tok");
        assertThat(s.rateLimitPerSecond()).isEqualTo(2.5);
        assertThat(s.rateLimitBurst()).isEqualTo(4);
        assertThat(s.maxPayloadBytes()).isEqualTo(1000);
        assertThat(s.urlSubmissionCap()).isEqualTo(7);
        assertThat(s.stateFile()).isEqualTo(Path.of("/tmp/sandbox-state.json"));
        assertThat(s.enrichDelay()).isEqualTo(Duration.ofMillis(100));
        assertThat(s.callbackUrl()).isEqualTo(URI.create("http://127.0.0.1:8080/clay-webhook"));
        assertThat(s.callbackSecret()).isEqualTo("sec");
        assertThat(s.creditsPerRow()).isEqualTo(3);
        assertThat(s.callbackRetries()).isZero();
        assertThat(s.faults()).isEqualTo(new FaultSettings(0.5, 0.0625, 0.25, 0.125, 0.1, 0.2, Duration.ofSeconds(1),
                true, null));
        assertThat(s.seed()).isEqualTo(99);
    }

    @Test
    void aBadValueStopsTheStartWithOneLineNamingTheVariable() {
        Map<String, String> bad = Map.of(
                "SANDBOX_NOT_FOUND_RATE", "1.5",
                "SANDBOX_RATE_LIMIT_PER_SECOND", "0",
                "SANDBOX_RATE_LIMIT_BURST", "many",
                "SANDBOX_SOURCES", "ok,not/ok",
                "SANDBOX_CALLBACK_URL", "localhost:8080",
                "SANDBOX_ENRICH_DELAY", "2s",
                "SANDBOX_URL_SUBMISSION_CAP", "0");
        bad.forEach((variable, value) -> assertThatThrownBy(() -> SandboxSettings.fromEnv(new Env(Map.of(variable, value))))
                .as(variable)
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining(variable)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n")));
    }

    @Test
    void sourcesCanBeEmptiedOnlyOnPurposeAndIdsAreChecked() {
        assertThat(SandboxSettings.builder().sources(List.of()).build().sources()).isEmpty();
        assertThatThrownBy(() -> SandboxSettings.builder().sources(List.of("a b")).build())
                .hasMessageContaining("SANDBOX_SOURCES");
    }
}
