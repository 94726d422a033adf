package io.clayenrichment.enrichment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clayenrichment.common.config.Env;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnrichmentSettingsTest {

    @Test
    void defaults() {
        EnrichmentSettings settings = EnrichmentSettings.fromEnv(new Env(Map.of("CLAY_WEBHOOK_URLS",
                "https://api.clay.com/v3/sources/webhook/pull-in-data-from-a-webhook-1")));

        assertThat(settings.httpPort()).isEqualTo(8081);
        assertThat(settings.streams().applicationId()).isEqualTo("clay-enrichment");
        assertThat(settings.streams().processingGuarantee()).isEqualTo("exactly_once_v2");
        assertThat(settings.streams().threads()).isEqualTo(1);
        assertThat(settings.topology().budgetsTopic()).isEqualTo("enrichment.budgets");
        assertThat(settings.topology().freshnessTtl()).isEqualTo(Duration.ofDays(30));
        assertThat(settings.topology().resultTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(settings.access().operatorToken()).isEmpty();
        assertThat(settings.access().readTokens()).isEmpty();
        assertThat(settings.kafka().bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(settings.dispatcher()).hasValueSatisfying(d -> assertThat(d.webhookUrls()).hasSize(1));
        assertThat(settings.advertisedHost()).isEqualTo(EnrichmentSettings.localHostName()).isNotBlank();
    }

    @Test
    void theInternalRecordVersionIsTheNewestUnlessAnUpgradeAsksForTheOneBefore() {
        assertThat(EnrichmentSettings.fromEnv(new Env(Map.of("DISPATCHER_ENABLED", "false"))).topology()
                .internalRecordVersion()).isEqualTo(5);
        assertThat(EnrichmentSettings.fromEnv(new Env(Map.of("DISPATCHER_ENABLED", "false",
                "INTERNAL_RECORD_VERSION", "4"))).topology().internalRecordVersion()).isEqualTo(4);
        for (String unwritable : new String[] {"3", "6"}) {
            assertThatThrownBy(() -> EnrichmentSettings.fromEnv(new Env(Map.of("DISPATCHER_ENABLED", "false",
                    "INTERNAL_RECORD_VERSION", unwritable)))).hasMessageContaining("INTERNAL_RECORD_VERSION=" + unwritable)
                    .hasMessageContaining("4 to 5");
        }
    }

    @Test
    void theAdvertisedHostIsWhereOtherInstancesForwardContactLookups() {
        assertThat(EnrichmentSettings.fromEnv(new Env(Map.of("DISPATCHER_ENABLED", "false",
                "ADVERTISED_HOST", "10.0.3.7", "POD_IP", "10.0.9.9"))).advertisedHost()).isEqualTo("10.0.3.7");
        // In Kubernetes the chart sets POD_IP: other pods reach that, not the pod's name.
        assertThat(EnrichmentSettings.fromEnv(new Env(Map.of("DISPATCHER_ENABLED", "false",
                "POD_IP", "10.0.9.9"))).advertisedHost()).isEqualTo("10.0.9.9");
    }

    @Test
    void theDispatcherNeedsWebhookUrlsUnlessItRunsElsewhere() {
        assertThatThrownBy(() -> EnrichmentSettings.fromEnv(new Env(Map.of())))
                .hasMessageStartingWith("CLAY_WEBHOOK_URLS is required");
        assertThat(EnrichmentSettings.fromEnv(new Env(Map.of("DISPATCHER_ENABLED", "false"))).dispatcher()).isEmpty();
    }

    @Test
    void atLeastOnceMayBeChosenAndAnythingElseIsRefused() {
        assertThat(EnrichmentSettings.fromEnv(new Env(Map.of("PROCESSING_GUARANTEE", "at_least_once", "DISPATCHER_ENABLED", "false")))
                .streams().processingGuarantee()).isEqualTo("at_least_once");
        assertThatThrownBy(() -> EnrichmentSettings.fromEnv(new Env(Map.of("PROCESSING_GUARANTEE", "exactly_once"))))
                .hasMessageContaining("PROCESSING_GUARANTEE");
        assertThatThrownBy(() -> EnrichmentSettings.fromEnv(new Env(Map.of("RESULT_TIMEOUT", "30 minutes"))))
                .hasMessageContaining("RESULT_TIMEOUT");
        assertThatThrownBy(() -> EnrichmentSettings.fromEnv(new Env(Map.of("FRESHNESS_TTL", "PT0S"))))
                .hasMessageContaining("FRESHNESS_TTL");
        assertThatThrownBy(() -> EnrichmentSettings.fromEnv(new Env(Map.of("NUM_STREAM_THREADS", "0"))))
                .hasMessageContaining("NUM_STREAM_THREADS");
    }
}
