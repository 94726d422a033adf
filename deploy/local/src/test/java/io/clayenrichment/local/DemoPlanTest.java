package io.clayenrichment.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.config.SettingsException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which demo batch {@code up} produces: the sandbox's by default, real Clay's only when asked for. */
class DemoPlanTest {

    private static final String REAL_CLAY = "https://api.clay.com/v3/sources/webhook/pull-in-data-from-a-webhook-1";

    @Test
    void theSandboxGetsTheDefaultBatchOrTheCountSet() {
        assertThat(plan(Map.of(), null)).isEqualTo(new DemoPlan(300, null));
        assertThat(plan(Map.of("LOCAL_DEMO_COUNT", "25"), null)).isEqualTo(new DemoPlan(25, null));
        assertThat(plan(Map.of("LOCAL_DEMO_COUNT", "0"), null)).isEqualTo(new DemoPlan(0, null));
    }

    @Test
    void realClayGetsNoBatchUnlessTheCountIsSet() {
        DemoPlan unset = plan(Map.of("CLAY_WEBHOOK_URLS", REAL_CLAY), null);
        assertThat(unset.count()).isZero();
        assertThat(unset.skipped()).contains("CLAY_WEBHOOK_URLS", "real Clay credits", "LOCAL_DEMO_COUNT=");

        DemoPlan blank = plan(Map.of("CLAY_WEBHOOK_URLS", REAL_CLAY, "LOCAL_DEMO_COUNT", " "), null);
        assertThat(blank.count()).as("a blank value is no value").isZero();
        assertThat(blank.skipped()).isNotNull();
    }

    @Test
    void realClayGetsTheBatchTheUserAskedForEvenOfTheDefaultSize() {
        assertThat(plan(Map.of("CLAY_WEBHOOK_URLS", REAL_CLAY, "LOCAL_DEMO_COUNT", "300"), null))
                .isEqualTo(new DemoPlan(300, null));
        assertThat(plan(Map.of("CLAY_WEBHOOK_URLS", REAL_CLAY, "LOCAL_DEMO_COUNT", "3"), null))
                .isEqualTo(new DemoPlan(3, null));
        assertThat(plan(Map.of("CLAY_WEBHOOK_URLS", REAL_CLAY, "LOCAL_DEMO_COUNT", "0"), null))
                .as("none asked for, none skipped").isEqualTo(new DemoPlan(0, null));
    }

    @Test
    void aFileOfRequestsIsTheUsersOwnAndSkipsNothing() {
        assertThat(plan(Map.of("CLAY_WEBHOOK_URLS", REAL_CLAY), Path.of("/tmp/requests.jsonl")))
                .isEqualTo(new DemoPlan(0, null));
    }

    @Test
    void aSkippedBatchIsOneLineAndAnUnskippedOneSaysNothing() {
        assertThat(printed(plan(Map.of("CLAY_WEBHOOK_URLS", REAL_CLAY), null)).lines().filter(l -> !l.isBlank()))
                .singleElement().asString()
                .startsWith("demo batch skipped: CLAY_WEBHOOK_URLS names real Clay tables")
                .contains("start again with LOCAL_DEMO_COUNT=<requests>");
        assertThat(printed(plan(Map.of(), null))).isEmpty();
    }

    @Test
    void aNegativeCountIsRefusedWithTheSettingsName() {
        assertThatThrownBy(() -> plan(Map.of("LOCAL_DEMO_COUNT", "-1"), null))
                .isInstanceOf(SettingsException.class).hasMessageContaining("LOCAL_DEMO_COUNT=-1");
    }

    private static DemoPlan plan(Map<String, String> variables, Path demoFile) {
        return DemoPlan.of(LocalStackSettings.fromEnv(new Env(new HashMap<>(variables)), Path.of("/tmp/repo"),
                demoFile));
    }

    private static String printed(DemoPlan plan) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            plan.printSkipped(out);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
