package io.clayenrichment.enrichment.tenants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.config.SettingsException;
import io.clayenrichment.common.schema.Tenants;
import io.clayenrichment.common.testing.Seeds;
import io.clayenrichment.enrichment.EnrichmentSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TenantSettingsTest {

    private static TenantSettings read(Map<String, String> variables) {
        // the whole service's settings, so the tenants are read as the service reads them
        Map<String, String> env = new HashMap<>(Map.of("DISPATCHER_ENABLED", "false"));
        env.putAll(variables);
        return EnrichmentSettings.fromEnv(new Env(env)).topology().tenants();
    }

    @Test
    void byDefaultNoTenantIsKnownAndEveryTenantIsServed() {
        TenantSettings tenants = read(Map.of());

        assertThat(tenants.known()).isEmpty();
        assertThat(tenants.unknown()).isEqualTo(TenantSettings.Unknown.SERVE);
        assertThat(tenants.refuses("anyone")).isFalse();
        assertThat(tenants.metricsMaxTenants()).isEqualTo(100);
    }

    @Test
    void theKnownTenantsAreTheListAndEveryTenantWithABudget() {
        TenantSettings tenants = read(Map.of("KNOWN_TENANTS", " acme, Beta ,", "CREDIT_BUDGETS", "gamma:1:10,acme:2:20",
                "UNKNOWN_TENANTS", " Refuse ", "METRICS_MAX_TENANTS", "7"));

        assertThat(tenants.known()).containsExactlyInAnyOrder("acme", "Beta", "gamma");
        assertThat(tenants.unknown()).isEqualTo(TenantSettings.Unknown.REFUSE);
        assertThat(tenants.refuses("gamma")).isFalse();
        assertThat(tenants.refuses("beta")).as("exact case").isTrue();
        assertThat(tenants.refuses("default")).as("the default tenant is known only if listed").isTrue();
        assertThat(tenants.metricsMaxTenants()).isEqualTo(7);
    }

    @Test
    void refuseWithoutAnyKnownTenantIsAStartUpErrorNamingTheVariables() {
        assertThatThrownBy(() -> read(Map.of("UNKNOWN_TENANTS", "refuse")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("UNKNOWN_TENANTS=refuse")
                .hasMessageContaining("KNOWN_TENANTS").hasMessageContaining("CREDIT_BUDGETS");
        assertThatThrownBy(() -> read(Map.of("UNKNOWN_TENANTS", "refuse", "KNOWN_TENANTS", " , ")))
                .hasMessageContaining("UNKNOWN_TENANTS=refuse");
        assertThat(read(Map.of("UNKNOWN_TENANTS", "refuse", "CREDIT_BUDGETS", "acme:1:2")).known())
                .containsExactly("acme");
    }

    @Test
    void malformedValuesNameTheVariable() {
        assertThatThrownBy(() -> read(Map.of("UNKNOWN_TENANTS", "deny")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("UNKNOWN_TENANTS=deny")
                .hasMessageContaining("serve or refuse");
        assertThatThrownBy(() -> read(Map.of("KNOWN_TENANTS", "acme,a\tb")))
                .hasMessageContaining("KNOWN_TENANTS entry 2").hasMessageContaining("control characters");
        assertThatThrownBy(() -> read(Map.of("KNOWN_TENANTS", "t".repeat(201))))
                .hasMessageContaining("KNOWN_TENANTS entry 1").hasMessageContaining("200");
        assertThatThrownBy(() -> read(Map.of("KNOWN_TENANTS", "acme,_other")))
                .hasMessageContaining("KNOWN_TENANTS entry 2").hasMessageContaining("reserved");
        assertThatThrownBy(() -> read(Map.of("KNOWN_TENANTS", "acme, acme")))
                .hasMessageContaining("KNOWN_TENANTS").hasMessageContaining("'acme' twice");
        assertThatThrownBy(() -> read(Map.of("CREDIT_BUDGETS", "_other:1:2")))
                .hasMessageContaining("CREDIT_BUDGETS").hasMessageContaining("reserved");
        assertThatThrownBy(() -> read(Map.of("METRICS_MAX_TENANTS", "0")))
                .hasMessageContaining("METRICS_MAX_TENANTS");
        assertThatThrownBy(() -> read(Map.of("METRICS_MAX_TENANTS", "lots")))
                .hasMessageContaining("METRICS_MAX_TENANTS");
    }

    /** Any list of valid names, written with any spacing and empty entries, reads back as exactly those names. */
    @Test
    void theKnownTenantsParserReadsBackAnyListOfValidNames() {
        Seeds.check(500, random -> {
            Set<String> names = new LinkedHashSet<>();
            int count = random.nextInt(6);
            while (names.size() < count) {
                names.add(randomName(random));
            }
            List<String> entries = new ArrayList<>();
            for (String name : names) {
                entries.add(padding(random) + name + padding(random));
                if (random.nextInt(4) == 0) {
                    entries.add(padding(random));
                }
            }
            assertThat(TenantSettings.parseKnown(String.join(",", entries)))
                    .as("entries %s", entries).containsExactlyElementsOf(names);
        });
    }

    /** A list holding one invalid name, anywhere, is refused with the entry's position. */
    @Test
    void theKnownTenantsParserRefusesAnyListWithAnInvalidName() {
        Seeds.check(300, random -> {
            List<String> entries = new ArrayList<>();
            int size = 1 + random.nextInt(5);
            for (int i = 0; i < size; i++) {
                entries.add(randomName(random) + i);
            }
            int bad = random.nextInt(size);
            String invalid = switch (random.nextInt(3)) {
                case 0 -> Tenants.OTHER_LABEL;
                case 1 -> "a" + (char) random.nextInt(0x20) + "b";
                default -> "x".repeat(Tenants.MAX_LENGTH + 1);
            };
            entries.set(bad, padding(random) + invalid + padding(random));
            assertThatThrownBy(() -> TenantSettings.parseKnown(String.join(",", entries)))
                    .as("entries %s", entries).isInstanceOf(SettingsException.class)
                    .hasMessageContaining("KNOWN_TENANTS entry " + (bad + 1));
        });
    }

    /** A valid tenant name as an intake would store it: no control characters, no comma, no outer space. */
    private static String randomName(Random random) {
        String alphabet = "abcXYZ09-_.:|@ éß中👍";
        StringBuilder name = new StringBuilder();
        int length = 1 + random.nextInt(12);
        while (name.length() < length) {
            name.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0,
                    random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
        }
        String stripped = io.clayenrichment.common.schema.Blank.strip(name.toString());
        return stripped.isEmpty() || stripped.equals(Tenants.OTHER_LABEL) ? "t" + random.nextInt(1000) : stripped;
    }

    private static String padding(Random random) {
        String[] spaces = {"", " ", "  ", "\t", "\u00a0", "\u200b", "\ufeff"};
        return spaces[random.nextInt(spaces.length)];
    }
}
