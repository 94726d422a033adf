package io.clayenrichment.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clayenrichment.common.auth.ScopedToken;
import io.clayenrichment.common.auth.TenantScope;
import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.config.SettingsException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReceiverSettingsTest {

    @Test
    void withoutAnySecretStartUpFailsNamingCallbackSecrets() {
        assertThatThrownBy(() -> ReceiverSettings.fromEnv(new Env(Map.of())))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("CALLBACK_SECRETS is required");
    }

    @Test
    void defaultsFollowTheContract() {
        ReceiverSettings settings = ReceiverSettings.fromEnv(new Env(Map.of("CALLBACK_SECRETS", "a")));
        assertThat(settings.httpPort()).isEqualTo(8080);
        assertThat(settings.maxBodyBytes()).isEqualTo(1_048_576);
        assertThat(settings.publishTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(settings.signatureTolerance()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.topics().results().name()).isEqualTo("enriched.contacts");
        assertThat(settings.kafka().bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(settings.intakeEnabled()).isFalse();
        assertThat(settings.intakeMaxBatch()).isEqualTo(500);
        assertThat(settings.topics().requests().name()).isEqualTo("enrichment.requests");
    }

    @Test
    void intakeTokensEnableTheIntakeAtMostTwoAndAreNeverShown() {
        ReceiverSettings settings = ReceiverSettings.fromEnv(new Env(Map.of("CALLBACK_SECRETS", "a",
                "INTAKE_TOKENS", "tok-new, tok-old", "INTAKE_MAX_BATCH", "50")));
        assertThat(settings.intakeEnabled()).isTrue();
        assertThat(settings.intakeTokens()).extracting(ScopedToken::token).containsExactly("tok-new", "tok-old");
        assertThat(settings.intakeMaxBatch()).isEqualTo(50);
        assertThat(settings.toString()).doesNotContain("tok-").contains("intakeTokens=2 [redacted]");
        assertThatThrownBy(() -> ReceiverSettings.fromEnv(new Env(Map.of("CALLBACK_SECRETS", "a",
                "INTAKE_TOKENS", "x,y,z")))).hasMessageStartingWith("INTAKE_TOKENS has 3");
        assertThatThrownBy(() -> ReceiverSettings.fromEnv(new Env(Map.of("CALLBACK_SECRETS", "a",
                "INTAKE_MAX_BATCH", "0")))).hasMessageStartingWith("INTAKE_MAX_BATCH");
    }

    @Test
    void intakeTokensMayBeScopedToTenantsAndAMalformedEntryIsNamedWithoutItsToken() {
        ReceiverSettings settings = ReceiverSettings.fromEnv(new Env(Map.of("CALLBACK_SECRETS", "a",
                "INTAKE_TOKENS", "tok-all, tok-acme:acme| beta")));
        assertThat(settings.intakeTokens()).extracting(ScopedToken::scope)
                .containsExactly(TenantScope.ALL, TenantScope.only(Set.of("acme", "beta")));
        assertThatThrownBy(() -> ReceiverSettings.fromEnv(new Env(Map.of("CALLBACK_SECRETS", "a",
                "INTAKE_TOKENS", "tok-all,secret-tok:acme|"))))
                .hasMessage("INTAKE_TOKENS entry 2 of 2 has an empty tenant in its scope (tenant 2): expected"
                        + " token:tenant1|tenant2");
    }

    @Test
    void signingSecretsAloneAreEnough() {
        ReceiverSettings settings = ReceiverSettings.fromEnv(new Env(Map.of("CALLBACK_SIGNING_SECRETS",
                "whsec_c2VjcmV0")));
        assertThat(settings.callbackSecrets()).isEmpty();
        assertThat(settings.signingSecrets()).hasSize(1);
    }

    @Test
    void aMalformedSigningSecretFailsWithoutShowingIt() {
        assertThatThrownBy(() -> ReceiverSettings.fromEnv(new Env(Map.of("CALLBACK_SECRETS", "a",
                "CALLBACK_SIGNING_SECRETS", "whsec_c2VjcmV0,whsec_not*base64"))))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("CALLBACK_SIGNING_SECRETS entry 2 is invalid")
                .message().doesNotContain("not*base64");
        assertThatThrownBy(() -> ReceiverSettings.fromEnv(new Env(Map.of("CALLBACK_SIGNING_SECRETS", "plain"))))
                .hasMessageStartingWith("CALLBACK_SIGNING_SECRETS entry 1 is invalid: expected whsec_");
    }

    @Test
    void moreThanTwoActiveSecretsAreRefused() {
        assertThatThrownBy(() -> ReceiverSettings.fromEnv(new Env(Map.of("CALLBACK_SECRETS", "a,b,c"))))
                .hasMessageStartingWith("CALLBACK_SECRETS has 3 secrets");
    }

    @Test
    void malformedValuesNameTheirVariable() {
        Map<String, String> base = Map.of("CALLBACK_SECRETS", "a");
        for (String variable : new String[] {"HTTP_PORT", "MAX_BODY_BYTES", "PUBLISH_TIMEOUT", "SIGNATURE_TOLERANCE",
                "SHUTDOWN_GRACE", "DUPLICATE_CACHE_SIZE", "INTAKE_MAX_BATCH"}) {
            Map<String, String> env = new java.util.HashMap<>(base);
            env.put(variable, "soon");
            assertThatThrownBy(() -> ReceiverSettings.fromEnv(new Env(env))).as(variable)
                    .isInstanceOf(SettingsException.class).hasMessageStartingWith(variable + "=soon is invalid");
        }
        assertThatThrownBy(() -> ReceiverSettings.fromEnv(new Env(Map.of("CALLBACK_SECRETS", "a",
                "PUBLISH_TIMEOUT", "PT0S")))).hasMessageStartingWith("PUBLISH_TIMEOUT=PT0S is invalid");
    }

    @Test
    void theLoggedFormShowsNoSecret() {
        ReceiverSettings settings = ReceiverSettings.fromEnv(new Env(Map.of("CALLBACK_SECRETS", "hunter2,hunter3",
                "CALLBACK_SIGNING_SECRETS", "whsec_c2VjcmV0", "KAFKA_SASL_JAAS_CONFIG", "password=pw1")));
        assertThat(settings.toString()).doesNotContain("hunter").doesNotContain("c2VjcmV0").doesNotContain("pw1")
                .contains("callbackSecrets=2 [redacted]");
    }
}
