package io.clayenrichment.enrichment.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.config.SettingsException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DispatcherSettingsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        DispatcherSettings settings = DispatcherSettings.fromEnv(new Env(Map.of(
                "CLAY_WEBHOOK_URLS", "https://api.clay.com/v3/sources/webhook/a, https://api.clay.com/v3/sources/webhook/b")));
        assertThat(settings.webhookUrls()).hasSize(2);
        assertThat(settings.hasAuthToken()).isFalse();
        assertThat(settings.ratePerSecond()).isEqualTo(10);
        assertThat(settings.rateBurst()).isEqualTo(20);
        assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.retryInitialBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.retryMaxBackoff()).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.maxAttempts()).isEqualTo(8);
        assertThat(settings.maxPayloadBytes()).isEqualTo(102_400);
        assertThat(settings.urlSubmissionLimit()).isEqualTo(45_000);
        assertThat(settings.passthroughTable()).isFalse();
        assertThat(DispatcherSettings.fromEnv(new Env(Map.of("CLAY_WEBHOOK_URLS", "https://x.example/a",
                "CLAY_PASSTHROUGH_TABLE", "true"))).passthroughTable()).isTrue();
        assertThat(settings.urlPoolLowFraction()).isEqualTo(0.10);
        assertThat(settings.breakerFailureRate()).isEqualTo(50);
        assertThat(settings.breakerSlowCallRate()).isEqualTo(80);
        assertThat(settings.breakerSlowCallDuration()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.breakerWaitInOpen()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.breakerWindowSize()).isEqualTo(20);
        assertThat(settings.breakerMinimumCalls()).isEqualTo(10);
        assertThat(settings.breakerHalfOpenCalls()).isEqualTo(3);
        assertThat(settings.groupId()).isEqualTo("clay-dispatcher");
        assertThat(settings.submissionsTopic()).isEqualTo("clay.url.submissions");
        assertThat(settings.shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void extraWorkspacesComeFromTheirOwnVariablesWithTheDefaultsOfTheDefaultWorkspace() {
        DispatcherSettings settings = DispatcherSettings.fromEnv(new Env(Map.of(
                "CLAY_WEBHOOK_URLS", "https://x.example/a",
                "CLAY_WORKSPACE_TENANTS", "acme, *",
                "CLAY_WORKSPACES", "eu-2, us",
                "CLAY_WORKSPACE_EU_2_WEBHOOK_URLS", "https://x.example/eu1,https://x.example/eu2",
                "CLAY_WORKSPACE_EU_2_WEBHOOK_AUTH_TOKEN", "eu-token",
                "CLAY_WORKSPACE_EU_2_RATE_LIMIT_PER_SECOND", "25",
                "CLAY_WORKSPACE_EU_2_TENANTS", "beta,gamma",
                "CLAY_WORKSPACE_US_WEBHOOK_URLS", "https://x.example/us",
                "CLAY_WORKSPACE_US_PASSTHROUGH_TABLE", "true")));

        List<ClayWorkspace> workspaces = settings.workspaces();
        assertThat(workspaces).extracting(ClayWorkspace::name).containsExactly("default", "eu-2", "us");
        assertThat(workspaces.get(0).tenants()).containsExactly("acme");
        assertThat(workspaces.get(0).everyOtherTenant()).isTrue();
        ClayWorkspace eu = workspaces.get(1);
        assertThat(eu.webhookUrls()).hasSize(2);
        assertThat(eu.authToken()).isEqualTo("eu-token");
        assertThat(eu.ratePerSecond()).isEqualTo(25);
        assertThat(eu.rateBurst()).isEqualTo(20);
        assertThat(eu.urlSubmissionLimit()).isEqualTo(45_000);
        assertThat(eu.tenants()).containsExactlyInAnyOrder("beta", "gamma");
        assertThat(eu.everyOtherTenant()).isFalse();
        ClayWorkspace us = workspaces.get(2);
        assertThat(us.passthroughTable()).isTrue();
        assertThat(us.everyOtherTenant()).as("TENANTS unset: *").isTrue();
        assertThat(settings.toString()).contains("eu-2[urls=2, authToken=[set]").doesNotContain("eu-token")
                .doesNotContain("x.example");

        WorkspaceRouting<String> routing = new WorkspaceRouting<>(workspaces, List.of("default", "eu-2", "us"));
        assertThat(routing.candidatesFor("acme")).containsExactly("default");
        assertThat(routing.candidatesFor("gamma")).containsExactly("eu-2");
        assertThat(routing.candidatesFor("anyone")).containsExactly("default", "us");
    }

    @Test
    void badWorkspaceSettingsFailNamingTheVariable() {
        Map<String, String> ok = Map.of("CLAY_WEBHOOK_URLS", "https://x.example/a");
        assertThatThrownBy(() -> DispatcherSettings.fromEnv(env(ok, "CLAY_WORKSPACES", "second")))
                .hasMessageStartingWith("CLAY_WORKSPACE_SECOND_WEBHOOK_URLS is required");
        assertThatThrownBy(() -> DispatcherSettings.fromEnv(env(ok, "CLAY_WORKSPACES", "Second")))
                .hasMessageContaining("'Second', which is invalid");
        assertThatThrownBy(() -> DispatcherSettings.fromEnv(env(ok, "CLAY_WORKSPACES", "default")))
                .hasMessageContaining("not 'default'");
        assertThatThrownBy(() -> DispatcherSettings.fromEnv(env(ok, "CLAY_WORKSPACES", "a,a")))
                .hasMessageContaining("named twice");
        Map<String, String> second = new java.util.HashMap<>(ok);
        second.putAll(Map.of("CLAY_WORKSPACES", "second", "CLAY_WORKSPACE_SECOND_WEBHOOK_URLS", "https://x.example/b"));
        assertThatThrownBy(() -> DispatcherSettings.fromEnv(env(second, "CLAY_WORKSPACE_SECOND_RATE_LIMIT_PER_SECOND",
                "0"))).hasMessageStartingWith("CLAY_WORKSPACE_SECOND_RATE_LIMIT_PER_SECOND=0.0 is invalid");
        assertThatThrownBy(() -> DispatcherSettings.fromEnv(env(second, "CLAY_WORKSPACE_SECOND_URL_SUBMISSION_LIMIT",
                "50001"))).hasMessageStartingWith("CLAY_WORKSPACE_SECOND_URL_SUBMISSION_LIMIT=50001");
        assertThatThrownBy(() -> DispatcherSettings.fromEnv(env(second, "CLAY_WORKSPACE_TENANTS", " , ")))
                .hasMessageStartingWith("CLAY_WORKSPACE_TENANTS is empty");
        Map<String, String> shared = new java.util.HashMap<>(second);
        shared.put("CLAY_WORKSPACE_SECOND_WEBHOOK_URLS", "https://x.example/a");
        assertThatThrownBy(() -> DispatcherSettings.fromEnv(new Env(shared)))
                .isInstanceOf(SettingsException.class).hasMessageContaining("another workspace lists too")
                .hasMessageNotContaining("x.example");
    }

    @Test
    void badSettingsFailWithOneLineNamingTheVariable() {
        assertThatThrownBy(() -> DispatcherSettings.fromEnv(new Env(Map.of())))
                .isInstanceOf(SettingsException.class).hasMessageStartingWith("CLAY_WEBHOOK_URLS is required");
        Map<String, String> ok = Map.of("CLAY_WEBHOOK_URLS", "https://x.example/a");
        assertThatThrownBy(() -> DispatcherSettings.fromEnv(env(ok, "CLAY_URL_SUBMISSION_LIMIT", "60000")))
                .hasMessageContaining("CLAY_URL_SUBMISSION_LIMIT=60000").hasMessageContaining("50000");
        assertThatThrownBy(() -> DispatcherSettings.fromEnv(env(ok, "CLAY_RATE_LIMIT_PER_SECOND", "0")))
                .hasMessageContaining("CLAY_RATE_LIMIT_PER_SECOND");
        assertThatThrownBy(() -> DispatcherSettings.fromEnv(env(ok, "CLAY_RETRY_MAX_BACKOFF", "PT0.1S")))
                .hasMessageContaining("CLAY_RETRY_MAX_BACKOFF");
        assertThatThrownBy(() -> DispatcherSettings.fromEnv(env(ok, "CLAY_BREAKER_FAILURE_RATE", "150")))
                .hasMessageContaining("CLAY_BREAKER_FAILURE_RATE=150");
        assertThatThrownBy(() -> DispatcherSettings.fromEnv(env(ok, "CLAY_WEBHOOK_AUTH_TOKEN", "abc\u00e9def")))
                .hasMessageStartingWith("CLAY_WEBHOOK_AUTH_TOKEN is invalid").hasMessageNotContaining("abc");
        assertThatThrownBy(() -> DispatcherSettings.fromEnv(env(ok, "CLAY_MAX_ATTEMPTS", "zero")))
                .hasMessage("CLAY_MAX_ATTEMPTS=zero is invalid: expected a whole number");
    }

    @Test
    void printingTheSettingsRevealsNeitherTokenNorUrls() {
        DispatcherSettings settings = DispatcherSettings.fromEnv(new Env(Map.of(
                "CLAY_WEBHOOK_URLS", "https://api.clay.com/v3/sources/webhook/pull-in-data-abc",
                "CLAY_WEBHOOK_AUTH_TOKEN", "s3cr3t-token")));
        assertThat(settings.toString()).doesNotContain("s3cr3t").doesNotContain("pull-in-data")
                .contains("authToken=[set]").contains("urls=1");
    }

    private static Env env(Map<String, String> base, String name, String value) {
        Map<String, String> all = new java.util.HashMap<>(base);
        all.put(name, value);
        return new Env(all);
    }
}
