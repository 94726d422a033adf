package io.clayenrichment.common.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StaticSecretsTest {

    @Test
    void indexOfNamesTheSecretThatMatchedExactlyAndMinusOneOtherwise() {
        StaticSecrets secrets = new StaticSecrets(List.of("first-token", "second-token", "Third-Token"));

        assertThat(secrets.indexOf("first-token")).isZero();
        assertThat(secrets.indexOf("second-token")).isEqualTo(1);
        assertThat(secrets.indexOf("Third-Token")).isEqualTo(2);
        assertThat(secrets.indexOf("third-token")).as("case counts").isEqualTo(-1);
        assertThat(secrets.indexOf("first-token ")).isEqualTo(-1);
        assertThat(secrets.indexOf(null)).isEqualTo(-1);
        assertThat(secrets.matches("second-token")).isTrue();
        assertThat(secrets.matches("")).isFalse();
        assertThat(secrets.toString()).doesNotContain("token");
    }
}
