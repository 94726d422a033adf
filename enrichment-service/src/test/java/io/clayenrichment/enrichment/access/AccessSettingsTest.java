package io.clayenrichment.enrichment.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clayenrichment.common.auth.ScopedToken;
import io.clayenrichment.common.auth.TenantScope;
import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.config.SettingsException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccessSettingsTest {

    private static final String ALL = "read-everything-0123456789";
    private static final String ACME = "read-acme-beta-0123456789";

    private static AccessSettings of(Map<String, String> env) {
        return AccessSettings.fromEnv(new Env(env));
    }

    @Test
    void eachEntryIsATokenWithTheTenantsItMayReadAndSeveralAreActiveAtOnce() {
        AccessSettings settings = of(Map.of("READ_TOKENS", ALL + " , " + ACME + ":acme| Beta ,, third-token-0123456789:x",
                "OPERATOR_TOKEN", "operator-token-0123456789"));

        assertThat(settings.operatorToken()).contains("operator-token-0123456789");
        assertThat(settings.readTokens()).extracting(ScopedToken::token)
                .containsExactly(ALL, ACME, "third-token-0123456789");
        assertThat(settings.readTokens().get(0).scope()).isEqualTo(TenantScope.ALL);
        assertThat(settings.readTokens().get(1).scope()).isEqualTo(TenantScope.only(Set.of("acme", "Beta")));
        TenantScope acme = settings.readTokens().get(1).scope();
        assertThat(acme.allows("acme")).isTrue();
        assertThat(acme.allows("Beta")).isTrue();
        assertThat(acme.allows("ACME")).as("tenants are case-sensitive").isFalse();
        assertThat(acme.allows("beta")).isFalse();
        assertThat(acme.allows("acme ")).isFalse();
        assertThat(acme.allows(null)).as("a result without a tenant is nobody's").isFalse();
        assertThat(TenantScope.ALL.allows("anyone")).isTrue();
        assertThat(settings.readsPossible()).isTrue();
    }

    @Test
    void unsetMeansNoReadTokensAndTheOperatorTokenAloneStillReads() {
        assertThat(of(Map.of()).readTokens()).isEmpty();
        assertThat(of(Map.of()).readsPossible()).isFalse();
        assertThat(of(Map.of("OPERATOR_TOKEN", "op")).readsPossible()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            ":acme; entry 1 of 1 has no token before ':'",
            "secret-token-0123456789:; entry 1 of 1 has an empty tenant in its scope (tenant 1)",
            "secret-token-0123456789:acme||beta; entry 1 of 1 has an empty tenant in its scope (tenant 2)",
            "secret-token-0123456789:acme|; entry 1 of 1 has an empty tenant in its scope (tenant 2)",
            "secret-token 0123456789; entry 1 of 1 has white space or a control character in its token",
            "secret-short; entry 1 of 1 has a token of 12 characters: expected at least 16",
    })
    void aMalformedEntryStopsStartUpNamingTheVariableAndTheEntryButNeverTheToken(String value, String message) {
        assertThatThrownBy(() -> of(Map.of("READ_TOKENS", value))).isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("READ_TOKENS " + message)
                .message().doesNotContain("secret");
    }

    @Test
    void aTenantThatCouldNeverBeStoredIsRefused() {
        assertThatThrownBy(() -> of(Map.of("READ_TOKENS", "secret-token-0123456789:acme|bad\u0001tenant")))
                .hasMessage("READ_TOKENS entry 1 of 1, tenant 2 of its scope: must not contain control characters");
        assertThatThrownBy(() -> of(Map.of("READ_TOKENS", "secret-token-0123456789:" + "t".repeat(201))))
                .hasMessageContaining("longer than 200 characters");
    }

    @Test
    void aTokenGivenTwiceOrEqualToTheOperatorTokenIsAmbiguousAndRefused() {
        assertThatThrownBy(() -> of(Map.of("READ_TOKENS", ALL + ",secret-token-0123456789:acme,secret-token-0123456789:beta")))
                .hasMessage("READ_TOKENS entry 3 of 3 repeats the token of entry 2: give each token once, with all its "
                        + "tenants (token:acme|beta)");
        assertThatThrownBy(() -> of(Map.of("READ_TOKENS", "secret-token-0123456789:acme",
                "OPERATOR_TOKEN", "secret-token-0123456789")))
                .hasMessageStartingWith("READ_TOKENS entry 1 of 1 is the OPERATOR_TOKEN")
                .message().doesNotContain("secret");
    }

    @Test
    void tokensNeverShowInTheSettingsText() {
        AccessSettings settings = of(Map.of("READ_TOKENS", ACME + ":acme", "OPERATOR_TOKEN", "operator-secret"));

        assertThat(settings.toString()).doesNotContain(ACME).doesNotContain("operator-secret").contains("1 [redacted]");
        assertThat(settings.readTokens().get(0).toString()).doesNotContain(ACME).contains("acme");
    }
}
