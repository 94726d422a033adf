package io.clayenrichment.helm;

import static io.clayenrichment.helm.ChartRenderer.ciValues;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NOTES.txt tells the user the URL to give Clay's HTTP API column. */
class NotesTest {

    @TempDir
    static Path scratch;

    private static ChartRenderer chart;

    @BeforeAll
    static void copyChartWithNotesVisible() {
        chart = ChartRenderer.chartWithNotesVisible(scratch);
    }

    @Test
    void withAnIngressTheNotesGiveTheHttpsCallbackUrl() {
        String notes = notes(chart.render(ciValues("production-values.yaml")));

        assertThat(notes).contains("https://clay-webhook.acme.example/clay-webhook")
                .contains("Authorization: Bearer").doesNotContain("WARNING");
    }

    @Test
    void withoutTlsTheNotesWarn() {
        String notes = notes(chart.render(Map.of("receiver.ingress.enabled", true), ciValues("minimal-values.yaml")));

        assertThat(notes).contains("http://clay-webhook.example.com/clay-webhook").contains("WARNING: the ingress has no TLS");
    }

    @Test
    void withoutAnIngressTheNotesSayHowToExposeAndTryTheReceiver() {
        String notes = notes(chart.render(ciValues("minimal-values.yaml")));

        assertThat(notes).contains("https://<ingress host>/clay-webhook")
                .contains("port-forward svc/" + ChartRenderer.RELEASE + "-clay-enrichment-receiver 8080:80");
    }

    @Test
    void withIntakeTokensTheNotesShowHowToCallBothHttpApis() {
        String notes = notes(chart.render(ciValues("chart-secret-sasl-values.yaml")));

        assertThat(notes).contains("curl -s http://127.0.0.1:8080/v1/requests -H 'Authorization: Bearer <intake token>'")
                .contains("an array of up to 500").contains("curl -s 'http://127.0.0.1:8081/v1/enrich?wait=PT30S'")
                .doesNotContain("crm-intake-token");
    }

    @Test
    void withAnExistingSecretTheNotesNameTheKeyThatTurnsTheHttpApisOn() {
        String notes = notes(chart.render(Map.of("enrichment.config.sync.enabled", false), ciValues("production-values.yaml")));

        assertThat(notes).contains("on when Secret clay-enrichment-credentials has key INTAKE_TOKENS")
                .contains("/v1/requests").doesNotContain("/v1/enrich");
    }

    @Test
    void theNotesReadBudgetsWithATokenAndSayWhenNoneCanRead() {
        assertThat(notes(chart.render(ciValues("chart-secret-sasl-values.yaml"))))
                .contains("curl -s http://127.0.0.1:8081/v1/budgets -H 'Authorization: Bearer <read token>'")
                .doesNotContain("dashboards-read-token").doesNotContain("every read answers 401");
        assertThat(notes(chart.render(ciValues("minimal-values.yaml"))))
                .contains("No read token nor operator token is set: every read answers 401. Set secrets.readTokens.");
    }

    @Test
    void withoutIntakeTokensTheNotesLeaveTheHttpApisOut() {
        String notes = notes(chart.render(ciValues("minimal-values.yaml")));

        assertThat(notes).doesNotContain("/v1/requests").doesNotContain("/v1/enrich");
    }

    private static String notes(Rendered rendered) {
        return rendered.one(ConfigMap.class, ChartRenderer.NOTES_CONFIG_MAP).getData().get("notes");
    }
}
