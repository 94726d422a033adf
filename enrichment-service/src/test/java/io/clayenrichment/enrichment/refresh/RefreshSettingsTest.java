package io.clayenrichment.enrichment.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.enrichment.EnrichmentSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RefreshSettingsTest {

    private static RefreshSettings refresh(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of("DISPATCHER_ENABLED", "false"));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return EnrichmentSettings.fromEnv(new Env(env)).topology().refresh();
    }

    @Test
    void offByDefaultWithATenthOfTheRateLimit() {
        RefreshSettings settings = refresh();

        assertThat(settings.enabled()).isFalse();
        assertThat(settings.rateShare()).isEqualTo(0.1);
        assertThat(settings.workspaceRatePerSecond()).isEqualTo(10);
        assertThat(refresh("REFRESH_AFTER", "").enabled()).as("empty is off").isFalse();
    }

    @Test
    void onWithAnAgeAndSplitsItsShareOverTheTasks() {
        RefreshSettings settings = refresh("REFRESH_AFTER", "P7D", "REFRESH_RATE_SHARE", "0.25",
                "CLAY_RATE_LIMIT_PER_SECOND", "20");

        assertThat(settings.after()).isEqualTo(Duration.ofDays(7));
        assertThat(settings.ratePerSecond()).isEqualTo(5);
        assertThat(settings.withPartitions(4).perTaskPerSecond()).isEqualTo(1.25);
        assertThatThrownBy(settings::perTaskPerSecond).hasMessageContaining("partitions");
        assertThat(refresh("REFRESH_RATE_SHARE", "1").rateShare()).isEqualTo(1);
    }

    @Test
    void refreshMustStartBeforeTheCacheDropsTheEntry() {
        assertThatThrownBy(() -> refresh("REFRESH_AFTER", "P30D"))
                .hasMessage("REFRESH_AFTER=P30D is invalid: it must be shorter than FRESHNESS_TTL (P30D), because"
                        + " cache entries older than the TTL are dropped and could never be refreshed");
        assertThatThrownBy(() -> refresh("REFRESH_AFTER", "PT2H", "FRESHNESS_TTL", "PT1H"))
                .hasMessageStartingWith("REFRESH_AFTER=PT2H is invalid: it must be shorter than FRESHNESS_TTL (PT1H)");
        assertThat(refresh("REFRESH_AFTER", "PT59M", "FRESHNESS_TTL", "PT1H").enabled()).isTrue();
    }

    @Test
    void malformedValuesStopTheStartWithTheVariableNamed() {
        assertThatThrownBy(() -> refresh("REFRESH_AFTER", "PT0S"))
                .hasMessageStartingWith("REFRESH_AFTER=PT0S is invalid: expected a duration greater than 0");
        assertThatThrownBy(() -> refresh("REFRESH_AFTER", "weekly"))
                .hasMessageStartingWith("REFRESH_AFTER=weekly is invalid: expected an ISO-8601 duration");
        for (String share : new String[] {"0", "-0.1", "1.5"}) {
            assertThatThrownBy(() -> refresh("REFRESH_RATE_SHARE", share)).hasMessage("REFRESH_RATE_SHARE=" + share
                    + " is invalid: expected a share of CLAY_RATE_LIMIT_PER_SECOND above 0 and at most 1, such as 0.1");
        }
        assertThatThrownBy(() -> refresh("REFRESH_RATE_SHARE", "ten percent"))
                .hasMessageStartingWith("REFRESH_RATE_SHARE=ten percent is invalid");
        assertThatThrownBy(() -> refresh("REFRESH_AFTER", "P1D", "CLAY_RATE_LIMIT_PER_SECOND", "0"))
                .hasMessageStartingWith("CLAY_RATE_LIMIT_PER_SECOND=0.0 is invalid");
    }
}
