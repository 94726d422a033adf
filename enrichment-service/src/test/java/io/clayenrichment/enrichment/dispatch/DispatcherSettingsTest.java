package io.clayenrichment.enrichment.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.config.SettingsException;
import java.time.Duration;
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
