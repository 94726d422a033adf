package io.clayenrichment.helm;

import static io.clayenrichment.helm.ChartRenderer.ciValues;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.topics.Topics;
import io.clayenrichment.enrichment.EnrichmentSettings;
import io.clayenrichment.enrichment.budget.BudgetPolicy;
import io.clayenrichment.enrichment.tenants.TenantSettings;
import io.clayenrichment.enrichment.topology.TopologySettings;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The services' HTTP APIs and newer settings as values: one set of intake tokens for both services,
 * the synchronous API's waits, the advertised host, scheduled refresh, the credit-safety settings, and every
 * other typed setting.
 */
class ChartServiceSettingsTest {

    private static final String FULLNAME = ChartRenderer.RELEASE + "-clay-enrichment";
    private static final Path MINIMAL = ciValues("minimal-values.yaml");
    private static final Path PRODUCTION = ciValues("production-values.yaml");
    private static final List<String> COMPONENTS = List.of("receiver", "enrichment");

    @TempDir
    Path scratch;

    private final AtomicInteger files = new AtomicInteger();
    private final ChartRenderer chart = ChartRenderer.chart();

    @Test
    void oneIntakeTokensValueReachesBothServicesThroughTheChartSecret() {
        Rendered rendered = chart.render(Map.of(), MINIMAL, values("secrets: {intakeTokens: 'crm-token-1,crm-token-2'}\n"));

        assertThat(decode(rendered.one(Secret.class, FULLNAME).getData().get("INTAKE_TOKENS")))
                .isEqualTo("crm-token-1,crm-token-2");
        for (String component : COMPONENTS) {
            assertThat(env(rendered, component)).as(component)
                    .containsEntry("INTAKE_TOKENS", "secret:" + FULLNAME + "/INTAKE_TOKENS");
        }
        assertThat(rendered.all(ConfigMap.class)).allSatisfy(configMap -> assertThat(configMap.getData())
                .doesNotContainKey("INTAKE_TOKENS").allSatisfy((name, value) -> assertThat(value).doesNotContain("crm-token")));
    }

    @Test
    void bothServicesReadTheIntakeTokensFromAnExistingSecretUnderTheConfiguredKey() {
        Rendered rendered = chart.render(Map.of("secrets.keys.intakeTokens", "CRM_TOKENS"), PRODUCTION);

        for (String component : COMPONENTS) {
            EnvVar tokens = envVar(rendered, component, "INTAKE_TOKENS");
            var ref = tokens.getValueFrom().getSecretKeyRef();
            assertThat(ref.getName()).as(component).isEqualTo("clay-enrichment-credentials");
            assertThat(ref.getKey()).as(component).isEqualTo("CRM_TOKENS");
            assertThat(ref.getOptional()).as(component + ": a Secret without the key leaves the API off").isTrue();
        }
    }

    @Test
    void withoutIntakeTokensNeitherServiceGetsTheVariable() {
        Rendered rendered = chart.render(MINIMAL);

        assertThat(rendered.one(Secret.class, FULLNAME).getData()).doesNotContainKey("INTAKE_TOKENS");
        for (String component : COMPONENTS) {
            assertThat(env(rendered, component)).as(component).doesNotContainKey("INTAKE_TOKENS");
        }
    }

    @ParameterizedTest(name = "{0}=false")
    @CsvSource({"receiver.config.intake.enabled, receiver, enrichment", "enrichment.config.sync.enabled, enrichment, receiver"})
    void eachServiceCanBeLeftOutOfTheSharedTokens(String value, String leftOut, String stillOn) {
        Rendered rendered = chart.render(Map.of("secrets.intakeTokens", "crm-token-1", value, false), MINIMAL);

        assertThat(env(rendered, leftOut)).doesNotContainKey("INTAKE_TOKENS");
        assertThat(env(rendered, stillOn)).containsEntry("INTAKE_TOKENS", "secret:" + FULLNAME + "/INTAKE_TOKENS");
    }

    @Test
    void aServiceCanReadOtherTokensThroughExtraEnvInsteadOfTheSharedOnes() {
        Path values = values("""
                secrets:
                  intakeTokens: crm-token-1
                enrichment:
                  extraEnv:
                    - name: INTAKE_TOKENS
                      valueFrom:
                        secretKeyRef: {name: sync-callers, key: TOKENS}
                """);
        Rendered rendered = chart.render(Map.of(), MINIMAL, values);

        assertThat(container(rendered, "enrichment").getEnv()).filteredOn(v -> v.getName().equals("INTAKE_TOKENS"))
                .singleElement().satisfies(v -> assertThat(v.getValueFrom().getSecretKeyRef().getName()).isEqualTo("sync-callers"));
        assertThat(env(rendered, "receiver")).containsEntry("INTAKE_TOKENS", "secret:" + FULLNAME + "/INTAKE_TOKENS");
    }

    @Test
    void moreThanTwoIntakeTokensFailWhileTheReceiverTakesThem() {
        Path threeTokens = values("secrets: {intakeTokens: 'a-token, b-token, c-token'}\n");

        assertThatThrownBy(() -> chart.render(Map.of(), MINIMAL, threeTokens)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("secrets.intakeTokens has 3 tokens: the receiver takes at most two");
        Rendered twoAndABlank = chart.render(Map.of(), MINIMAL, values("secrets: {intakeTokens: 'a-token, b-token, '}\n"));
        assertThat(env(twoAndABlank, "receiver")).containsKey("INTAKE_TOKENS");

        Rendered syncOnly = chart.render(Map.of("receiver.config.intake.enabled", false), MINIMAL, threeTokens);
        assertThat(env(syncOnly, "enrichment")).containsKey("INTAKE_TOKENS");
        assertThat(env(syncOnly, "receiver")).doesNotContainKey("INTAKE_TOKENS");
    }

    @Test
    void readTokensReachOnlyTheEnrichmentServiceThroughTheChartSecret() {
        Rendered rendered = chart.render(Map.of(), MINIMAL,
                values("secrets: {readTokens: 'dashboard-token-0123456789,acme-token-0123456789:acme|Acme-EU'}\n"));

        assertThat(decode(rendered.one(Secret.class, FULLNAME).getData().get("READ_TOKENS")))
                .isEqualTo("dashboard-token-0123456789,acme-token-0123456789:acme|Acme-EU");
        assertThat(env(rendered, "enrichment")).containsEntry("READ_TOKENS", "secret:" + FULLNAME + "/READ_TOKENS");
        assertThat(env(rendered, "receiver")).as("the receiver serves no reads").doesNotContainKey("READ_TOKENS");
        assertThat(rendered.all(ConfigMap.class)).allSatisfy(configMap -> assertThat(configMap.getData())
                .doesNotContainKey("READ_TOKENS").allSatisfy((name, value) -> assertThat(value).doesNotContain("token-0123")));

        Rendered without = chart.render(MINIMAL);
        assertThat(without.one(Secret.class, FULLNAME).getData()).doesNotContainKey("READ_TOKENS");
        assertThat(env(without, "enrichment")).doesNotContainKey("READ_TOKENS");
    }

    @Test
    void theReadTokensComeFromAnExistingSecretUnderTheConfiguredKeyWhenItHasIt() {
        Rendered rendered = chart.render(Map.of("secrets.keys.readTokens", "DASHBOARD_TOKENS"), PRODUCTION);

        var ref = envVar(rendered, "enrichment", "READ_TOKENS").getValueFrom().getSecretKeyRef();
        assertThat(ref.getName()).isEqualTo("clay-enrichment-credentials");
        assertThat(ref.getKey()).isEqualTo("DASHBOARD_TOKENS");
        assertThat(ref.getOptional()).as("a Secret without the key: only the operator token reads").isTrue();
    }

    @Test
    void advertisedHostIsSetOnlyWhenGiven() {
        for (String component : COMPONENTS) {
            assertThat(env(chart.render(MINIMAL), component)).as(component).doesNotContainKey("ADVERTISED_HOST");
        }

        Rendered rendered = chart.render(Map.of(), MINIMAL, values("""
                enrichment:
                  config:
                    advertisedHost: $(POD_NAME).{{ .Release.Name }}-peers.$(POD_NAMESPACE).svc
                """));
        List<EnvVar> env = container(rendered, "enrichment").getEnv();
        List<String> names = env.stream().map(EnvVar::getName).toList();

        assertThat(envVar(rendered, "enrichment", "ADVERTISED_HOST").getValue())
                .as("Kubernetes expands $(POD_NAME); Helm renders the template").isEqualTo("$(POD_NAME).clay-peers.$(POD_NAMESPACE).svc");
        assertThat(names.indexOf("ADVERTISED_HOST")).as("after the variables it refers to")
                .isGreaterThan(names.indexOf("POD_NAME")).isGreaterThan(names.indexOf("POD_NAMESPACE"));
        assertThat(rendered.one(ConfigMap.class, FULLNAME + "-enrichment").getData()).doesNotContainKey("ADVERTISED_HOST");
        assertThat(env(rendered, "receiver")).doesNotContainKey("ADVERTISED_HOST");
    }

    @Test
    void theEnvMapStillWinsOverTheTypedAdvertisedHost() {
        Rendered rendered = chart.render(Map.of("enrichment.config.advertisedHost", "typed.example",
                "enrichment.env.ADVERTISED_HOST", "from-env.example"), MINIMAL);

        assertThat(container(rendered, "enrichment").getEnv()).extracting(EnvVar::getName).doesNotContain("ADVERTISED_HOST");
        assertThat(env(rendered, "enrichment")).containsEntry("ADVERTISED_HOST", "from-env.example");
    }

    @Test
    void theNewSettingsHaveTheServicesDefaults() {
        Rendered rendered = chart.render(MINIMAL);

        assertThat(env(rendered, "enrichment")).containsEntry("SYNC_WAIT_DEFAULT", "PT60S").containsEntry("SYNC_WAIT_MAX", "PT5M")
                .containsEntry("SYNC_MAX_WAITERS", "1000").containsEntry("REFRESH_AFTER", "")
                .containsEntry("REFRESH_RATE_SHARE", "0.1").containsEntry("DISPATCHER_ENABLED", "true");
        assertThat(env(rendered, "receiver")).containsEntry("INTAKE_MAX_BATCH", "500");
    }

    @Test
    void theCreditSafetySettingsHaveTheServicesDefaultsAndTheServiceAcceptsThem() {
        Map<String, String> env = env(chart.render(MINIMAL), "enrichment");

        assertThat(Duration.parse(env.get("LATE_RESULT_WINDOW"))).isEqualTo(TopologySettings.DEFAULT_LATE_RESULT_WINDOW);
        assertThat(env).containsEntry("TOPIC_RECEIPTS", Topics.DEFAULT_RECEIPTS)
                .containsEntry("MAX_WAITERS_PER_CONTACT", String.valueOf(TopologySettings.DEFAULT_MAX_WAITERS_PER_CONTACT))
                .containsEntry("CREDIT_RESERVATION", BudgetPolicy.Reservations.ADAPTIVE.wire());
        EnrichmentSettings read = EnrichmentSettings.fromEnv(new Env(withClayUrl(env)));
        assertThat(read.topology().receiptsTopic()).isEqualTo(Topics.DEFAULT_RECEIPTS);
        assertThat(read.topology().lateResultWindow()).isEqualTo(TopologySettings.DEFAULT_LATE_RESULT_WINDOW);
        assertThat(read.topology().maxWaitersPerContact()).isEqualTo(TopologySettings.DEFAULT_MAX_WAITERS_PER_CONTACT);
        assertThat(read.topology().budgets().reservations()).isEqualTo(BudgetPolicy.Reservations.ADAPTIVE);
    }

    @Test
    void theCreditSafetySettingsReachTheServiceAsGiven() {
        Path values = values("""
                topics: {receipts: eu.clay.receipts}
                enrichment:
                  config: {lateResultWindow: P2DT12H, maxWaitersPerContact: 20, creditReservation: fixed}
                """);
        Map<String, String> env = env(chart.render(Map.of(), MINIMAL, values), "enrichment");

        EnrichmentSettings read = EnrichmentSettings.fromEnv(new Env(withClayUrl(env)));
        assertThat(read.topology().receiptsTopic()).isEqualTo("eu.clay.receipts");
        assertThat(read.dispatcher().orElseThrow().receiptsTopic()).isEqualTo("eu.clay.receipts");
        assertThat(read.topology().lateResultWindow()).isEqualTo(Duration.ofHours(60));
        assertThat(read.topology().maxWaitersPerContact()).isEqualTo(20);
        assertThat(read.topology().budgets().reservations()).isEqualTo(BudgetPolicy.Reservations.FIXED);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            enrichment.config.lateResultWindow     | 7 days     | Does not match pattern
            enrichment.config.lateResultWindow     | P1W        | Does not match pattern
            enrichment.config.maxWaitersPerContact | 0          | Must be greater than or equal to 1
            enrichment.config.maxWaitersPerContact | many       | Invalid type. Expected: integer, given: string
            enrichment.config.creditReservation    | percentile | enrichment.config.creditReservation must be one of the following
            tenants.unknown                        | deny       | tenants.unknown must be one of the following
            tenants.metricsMaxTenants              | 0          | Must be greater than or equal to 1
            tenants.known                          | acme       | Invalid type. Expected: array, given: string
            """)
    void schemaRejectsCreditSafetyAndTenantSettingsTheServiceWouldRefuse(String value, String given, String message) {
        Object typed = given.matches("-?\\d+") ? Integer.valueOf(given) : given;

        assertThatThrownBy(() -> chart.render(Map.of(value, typed), MINIMAL)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("values don't meet the specifications of the schema").hasMessageContaining(value)
                .hasMessageContaining(message);
    }

    @Test
    void theKnownTenantsReachTheServiceAsGivenAndDefaultToServingEveryTenant() {
        EnrichmentSettings byDefault = EnrichmentSettings.fromEnv(new Env(withClayUrl(env(chart.render(MINIMAL),
                "enrichment"))));
        assertThat(byDefault.topology().tenants()).isEqualTo(TenantSettings.SERVE_ALL);

        Path values = values("""
                tenants: {known: [acme, Beta], unknown: refuse, metricsMaxTenants: 20}
                enrichment:
                  config: {creditBudgets: "gamma:1:10"}
                """);
        Map<String, String> env = env(chart.render(Map.of(), MINIMAL, values), "enrichment");

        assertThat(env).containsEntry("KNOWN_TENANTS", "acme,Beta").containsEntry("UNKNOWN_TENANTS", "refuse");
        TenantSettings read = EnrichmentSettings.fromEnv(new Env(withClayUrl(env))).topology().tenants();
        assertThat(read.known()).containsExactlyInAnyOrder("acme", "Beta", "gamma");
        assertThat(read.refuses("beta")).isTrue();
        assertThat(read.metricsMaxTenants()).isEqualTo(20);
    }

    @Test
    void schemaRejectsAKnownTenantTheServiceWouldRefuse() {
        for (String tenant : List.of("_other", "a,b", " acme", "")) {
            Path values = values("tenants: {known: [\"" + tenant + "\"]}\n");
            assertThatThrownBy(() -> chart.render(Map.of(), MINIMAL, values)).as(tenant)
                    .hasMessageContaining("tenants.known");
        }
    }

    @Test
    void refusingUnknownTenantsWithoutAnyKnownTenantFailsRenderingAsTheServiceWouldFailToStart() {
        assertThatThrownBy(() -> chart.render(Map.of("tenants.unknown", "refuse"), MINIMAL))
                .hasMessageContaining("tenants.unknown=refuse needs known tenants").hasMessageContaining("tenants.known")
                .hasMessageContaining("enrichment.config.creditBudgets");
        assertThatThrownBy(() -> EnrichmentSettings.fromEnv(new Env(withClayUrl(Map.of("UNKNOWN_TENANTS", "refuse")))))
                .as("the service refuses it too").hasMessageContaining("UNKNOWN_TENANTS=refuse");
        assertThat(env(chart.render(Map.of("tenants.unknown", "refuse", "enrichment.config.creditBudgets", "acme:1:2"),
                MINIMAL), "enrichment")).containsEntry("UNKNOWN_TENANTS", "refuse");
    }

    /** The chart fails rendering exactly when the service would refuse to start: RESULT_TIMEOUT below twice CLAY_REQUEST_TIMEOUT. */
    @ParameterizedTest(name = "resultTimeout {0}, clay.requestTimeout {1}, dispatcher {2}")
    @CsvSource({"PT20S, PT10S, true, true", "PT19S, PT10S, true, false", "PT1M, PT30.5S, true, false",
            "'', PT15M, true, true", "'', PT15M1S, true, false", "PT15S, '', true, false", "PT20S, '', true, true",
            "PT15S, PT10S, false, true", "P1D, PT12H, true, true", "pt1h, PT31M, true, false"})
    void theResultTimeoutMustBeAtLeastTwiceTheClayRequestTimeout(String resultTimeout, String requestTimeout,
            boolean dispatcher, boolean renders) {
        Map<String, Object> values = Map.of("enrichment.config.resultTimeout", resultTimeout,
                "enrichment.config.clay.requestTimeout", requestTimeout, "enrichment.config.dispatcherEnabled", dispatcher);
        Map<String, String> serviceEnv = new HashMap<>(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092",
                "RESULT_TIMEOUT", resultTimeout, "CLAY_REQUEST_TIMEOUT", requestTimeout,
                "DISPATCHER_ENABLED", String.valueOf(dispatcher)));

        if (renders) {
            assertThat(configMap(chart.render(values, MINIMAL), "enrichment")).containsEntry("RESULT_TIMEOUT", resultTimeout);
            assertThatCode(() -> EnrichmentSettings.fromEnv(new Env(withClayUrl(serviceEnv)))).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> chart.render(values, MINIMAL)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("RESULT_TIMEOUT (enrichment.config.resultTimeout) "
                            + (resultTimeout.isEmpty() ? "PT30M" : resultTimeout) + " is shorter than twice CLAY_REQUEST_TIMEOUT")
                    .hasMessageContaining("(enrichment.config.clay.requestTimeout) " + (requestTimeout.isEmpty() ? "PT10S" : requestTimeout));
            assertThatThrownBy(() -> EnrichmentSettings.fromEnv(new Env(withClayUrl(serviceEnv))))
                    .as("the service refuses it too").hasMessageContaining("RESULT_TIMEOUT=");
        }
    }

    @Test
    void theResultTimeoutRuleReadsWhatThePodGetsEnvMapIncluded() {
        assertThat(configMap(chart.render(Map.of("enrichment.env.RESULT_TIMEOUT", "PT2H",
                "enrichment.config.clay.requestTimeout", "PT1H"), MINIMAL), "enrichment")).containsEntry("RESULT_TIMEOUT", "PT2H");
        assertThatThrownBy(() -> chart.render(Map.of("enrichment.env.CLAY_REQUEST_TIMEOUT", "PT20M"), MINIMAL))
                .hasMessageContaining("PT30M is shorter than twice CLAY_REQUEST_TIMEOUT (enrichment.config.clay.requestTimeout) PT20M")
                .hasMessageContaining("at least 2400 seconds");
        assertThat(configMap(chart.render(Map.of("enrichment.env.DISPATCHER_ENABLED", "off",
                "enrichment.config.resultTimeout", "PT5S"), MINIMAL), "enrichment")).containsEntry("DISPATCHER_ENABLED", "off");
    }

    /**
     * When the dispatcher gives up for good, /health/live answers 503 until the pod is restarted: the
     * default liveness probe asks there and restarts the pod within two minutes (rows wait on Kafka meanwhile).
     */
    @Test
    void aPodWhoseDispatcherGaveUpIsRestartedWithinTwoMinutes() {
        Probe liveness = container(chart.render(MINIMAL), "enrichment").getLivenessProbe();

        assertThat(liveness.getHttpGet().getPath()).isEqualTo("/health/live");
        assertThat(liveness.getPeriodSeconds() * liveness.getFailureThreshold() + liveness.getTimeoutSeconds())
                .as("seconds from the first 503 to the restart").isBetween(30, 120);
    }

    @Test
    void everyTypedSettingReachesItsVariable() {
        Path values = values("""
                topics:
                  replayed: dlq.clay.replayed.v2
                receiver:
                  config:
                    duplicateCacheSize: 250000
                    intake: {maxBatch: 1000}
                enrichment:
                  config:
                    dispatcherEnabled: false
                    lateResultWindow: P3D
                    maxWaitersPerContact: 20
                    creditReservation: fixed
                    dispatcherShutdownGrace: PT20S
                    punctuateInterval: PT2S
                    shutdownTimeout: PT45S
                    sync: {waitDefault: PT15S, waitMax: PT1M, maxWaiters: 200}
                    refresh: {after: P25D, rateShare: 0.25}
                    replay: {transactionalId: dlq-replay-eu}
                    clay:
                      retryInitialBackoff: PT2S
                      retryMaxBackoff: PT2M
                      maxPayloadBytes: 204800
                      urlPoolLowFraction: 0.2
                      breaker:
                        failureRate: 40
                        slowCallRate: 90.5
                        slowCallDuration: PT8S
                        waitInOpen: PT1M
                        windowSize: 50
                        minimumCalls: 25
                        halfOpenCalls: 5
                """);
        Rendered rendered = chart.render(Map.of(), MINIMAL, values);

        assertThat(configMap(rendered, "receiver")).containsEntry("DUPLICATE_CACHE_SIZE", "250000")
                .containsEntry("INTAKE_MAX_BATCH", "1000");
        assertThat(configMap(rendered, "enrichment")).containsAllEntriesOf(Map.ofEntries(
                Map.entry("TOPIC_REPLAYED", "dlq.clay.replayed.v2"), Map.entry("DISPATCHER_ENABLED", "false"),
                Map.entry("DISPATCHER_SHUTDOWN_GRACE", "PT20S"), Map.entry("PUNCTUATE_INTERVAL", "PT2S"),
                Map.entry("SHUTDOWN_TIMEOUT", "PT45S"), Map.entry("SYNC_WAIT_DEFAULT", "PT15S"),
                Map.entry("SYNC_WAIT_MAX", "PT1M"), Map.entry("SYNC_MAX_WAITERS", "200"), Map.entry("REFRESH_AFTER", "P25D"),
                Map.entry("REFRESH_RATE_SHARE", "0.25"), Map.entry("REPLAY_TRANSACTIONAL_ID", "dlq-replay-eu"),
                Map.entry("CLAY_RETRY_INITIAL_BACKOFF", "PT2S"), Map.entry("CLAY_RETRY_MAX_BACKOFF", "PT2M"),
                Map.entry("CLAY_MAX_PAYLOAD_BYTES", "204800"), Map.entry("CLAY_URL_POOL_LOW_FRACTION", "0.2"),
                Map.entry("CLAY_BREAKER_FAILURE_RATE", "40"), Map.entry("CLAY_BREAKER_SLOW_CALL_RATE", "90.5"),
                Map.entry("CLAY_BREAKER_SLOW_CALL_DURATION", "PT8S"), Map.entry("CLAY_BREAKER_WAIT_IN_OPEN", "PT1M"),
                Map.entry("CLAY_BREAKER_WINDOW_SIZE", "50"), Map.entry("CLAY_BREAKER_MINIMUM_CALLS", "25"),
                Map.entry("CLAY_BREAKER_HALF_OPEN_CALLS", "5"), Map.entry("LATE_RESULT_WINDOW", "P3D"),
                Map.entry("MAX_WAITERS_PER_CONTACT", "20"), Map.entry("CREDIT_RESERVATION", "fixed")));
    }

    @Test
    void withoutTheDispatcherNoClayWebhookUrlIsNeeded() {
        Map<String, Object> noClay = Map.of("kafka.bootstrapServers", "k:9092", "secrets.callbackSecrets", "s");

        assertThatThrownBy(() -> chart.render(noClay)).hasMessageContaining("secrets.clayWebhookUrls is required");
        Map<String, Object> dispatcherElsewhere = new HashMap<>(noClay);
        dispatcherElsewhere.put("enrichment.config.dispatcherEnabled", false);
        assertThat(configMap(chart.render(dispatcherElsewhere), "enrichment")).containsEntry("DISPATCHER_ENABLED", "false");
    }

    @ParameterizedTest(name = "rateShare {0}")
    @CsvSource(delimiter = '|', textBlock = """
            0     | enrichment.config.refresh.rateShare: Must be greater than 0
            -0.1  | enrichment.config.refresh.rateShare: Must be greater than 0
            1.5   | enrichment.config.refresh.rateShare: Must be less than or equal to 1
            "0.5" | enrichment.config.refresh.rateShare: Invalid type. Expected: number, given: string
            """)
    void schemaRejectsARefreshRateShareOutsideZeroToOne(String rateShare, String message) {
        Path values = values("enrichment: {config: {refresh: {rateShare: " + rateShare + "}}}\n");

        assertThatThrownBy(() -> chart.render(Map.of(), MINIMAL, values)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("values don't meet the specifications of the schema").hasMessageContaining(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "0.01", "0.1"})
    void schemaAcceptsARefreshRateShareAboveZeroUpToOne(String rateShare) {
        Rendered rendered = chart.render(Map.of(), MINIMAL, values("enrichment: {config: {refresh: {rateShare: " + rateShare + "}}}\n"));

        assertThat(configMap(rendered, "enrichment")).containsEntry("REFRESH_RATE_SHARE", rateShare);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            enrichment.config.refresh.after          | 25 days
            enrichment.config.refresh.after          | P1M
            enrichment.config.sync.waitDefault       | 60s
            enrichment.config.sync.waitMax           | PT-5M
            enrichment.config.shutdownTimeout        | 30
            enrichment.config.clay.breaker.waitInOpen | PT30
            receiver.config.intake.maxBatch          | 0
            enrichment.config.sync.maxWaiters        | 0
            """)
    void schemaRejectsABadDurationOrCount(String value, String given) {
        Object typed = given.matches("-?\\d+") ? Integer.valueOf(given) : given;

        assertThatThrownBy(() -> chart.render(Map.of(value, typed), MINIMAL)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("values don't meet the specifications of the schema").hasMessageContaining(value + ":");
    }

    @ParameterizedTest(name = "waitDefault {0}, waitMax {1}")
    @CsvSource({"PT90S, PT1M30S, true", "P1D, PT24H, true", "PT1M31S, PT90S, false", "PT24H0.5S, P1D, false",
            "PT2.5S, PT3S, true", "pt5m, PT4M59S, false", "'', PT1M, true", "'', PT59S, false", "PT6M, '', false"})
    void theDefaultWaitMustBeWithinTheCap(String waitDefault, String waitMax, boolean renders) {
        Map<String, Object> waits = Map.of("enrichment.config.sync.waitDefault", waitDefault,
                "enrichment.config.sync.waitMax", waitMax);

        if (renders) {
            assertThat(configMap(chart.render(waits, MINIMAL), "enrichment")).containsEntry("SYNC_WAIT_DEFAULT", waitDefault);
        } else {
            assertThatThrownBy(() -> chart.render(waits, MINIMAL)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("enrichment.config.sync.waitDefault (" + (waitDefault.isEmpty() ? "PT60S" : waitDefault)
                            + ") is longer than enrichment.config.sync.waitMax (" + (waitMax.isEmpty() ? "PT5M" : waitMax) + ")");
        }
    }

    @ParameterizedTest(name = "refresh.after {0}, freshnessTtl {1}")
    @CsvSource({"P25D, '', true", "P29DT23H59M, P30D, true", "PT12H, P1D, true", "P30D, '', false", "P30D, PT720H, false",
            "P31D, P30D, false", "PT1H, PT59M, false"})
    void aRefreshMustComeBeforeTheCacheEntryExpires(String after, String freshnessTtl, boolean renders) {
        Map<String, Object> values = Map.of("enrichment.config.refresh.after", after, "enrichment.config.freshnessTtl", freshnessTtl);

        if (renders) {
            assertThat(configMap(chart.render(values, MINIMAL), "enrichment")).containsEntry("REFRESH_AFTER", after);
        } else {
            assertThatThrownBy(() -> chart.render(values, MINIMAL)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("enrichment.config.refresh.after (" + after + ") is not shorter than "
                            + "enrichment.config.freshnessTtl (" + (freshnessTtl.isEmpty() ? "P30D" : freshnessTtl) + ")");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            enrichment:\\n  env:\\n    INTAKE_TOKENS: t                | enrichment.env.INTAKE_TOKENS is a credential | secrets.intakeTokens, or key INTAKE_TOKENS
            receiver:\\n  env:\\n    CALLBACK_SECRETS: s             | receiver.env.CALLBACK_SECRETS is a credential | secrets.callbackSecrets
            kafka:\\n  properties:\\n    sasl.jaas.config: x         | kafka.properties.sasl.jaas.config is a credential | secrets.kafkaSaslJaasConfig
            receiver:\\n  extraEnv:\\n    - {name: INTAKE_TOKENS, value: t} | receiver.extraEnv INTAKE_TOKENS is a credential | valueFrom.secretKeyRef, or set secrets.intakeTokens
            enrichment:\\n  env:\\n    READ_TOKENS: t                  | enrichment.env.READ_TOKENS is a credential | secrets.readTokens, or key READ_TOKENS
            """)
    void aCredentialGivenAsAPlainSettingFailsNamingWhereItBelongs(String yaml, String message, String instead) {
        Path values = values(yaml.replace("\\n", "\n") + "\n");

        assertThatThrownBy(() -> chart.render(Map.of(), MINIMAL, values)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(message).hasMessageContaining(instead);
    }

    @Test
    void furtherClayWorkspacesReachTheDispatcherWithTheirCredentialsFromTheSecret() {
        Path values = values("""
                enrichment:
                  config:
                    clay:
                      workspaceTenants: [acme]
                      workspaces:
                        - {name: eu-2, rateLimitPerSecond: 25, tenants: [beta, "*"]}
                        - {name: us, passthroughTable: true}
                secrets:
                  clayWorkspaces:
                    eu-2: {webhookUrls: "https://api.clay.com/v3/sources/webhook/eu-0001", authToken: eu-token}
                    us: {webhookUrls: "https://api.clay.com/v3/sources/webhook/us-0001"}
                """);
        Rendered rendered = chart.render(Map.of(), MINIMAL, values);
        Map<String, String> env = env(rendered, "enrichment");

        assertThat(env).containsEntry("CLAY_WORKSPACES", "eu-2,us")
                .containsEntry("CLAY_WORKSPACE_EU_2_WEBHOOK_URLS", "secret:" + FULLNAME + "/CLAY_WORKSPACE_EU_2_WEBHOOK_URLS")
                .containsEntry("CLAY_WORKSPACE_EU_2_WEBHOOK_AUTH_TOKEN",
                        "secret:" + FULLNAME + "/CLAY_WORKSPACE_EU_2_WEBHOOK_AUTH_TOKEN")
                .doesNotContainKey("CLAY_WORKSPACE_US_WEBHOOK_AUTH_TOKEN");
        Map<String, String> data = rendered.one(Secret.class, FULLNAME).getData();
        assertThat(decode(data.get("CLAY_WORKSPACE_EU_2_WEBHOOK_AUTH_TOKEN"))).isEqualTo("eu-token");
        assertThat(configMap(rendered, "enrichment")).allSatisfy((name, value) ->
                assertThat(value).doesNotContain("eu-token").doesNotContain("webhook/eu-0001"));

        // the service reads what the chart renders, with the Secret's values where the pod refers to them
        Map<String, String> read = withClayUrl(env);
        read.replaceAll((name, value) -> value != null && value.startsWith("secret:" + FULLNAME + "/")
                ? decode(data.get(value.substring(("secret:" + FULLNAME + "/").length()))) : value);
        read.put("CLAY_WEBHOOK_URLS", "https://api.clay.com/v3/sources/webhook/default-0001");
        var workspaces = EnrichmentSettings.fromEnv(new Env(read)).dispatcher().orElseThrow().workspaces();
        assertThat(workspaces).extracting(workspace -> workspace.name()).containsExactly("default", "eu-2", "us");
        assertThat(workspaces.get(0).tenants()).containsExactly("acme");
        assertThat(workspaces.get(0).everyOtherTenant()).isFalse();
        assertThat(workspaces.get(1).ratePerSecond()).isEqualTo(25);
        assertThat(workspaces.get(1).authToken()).isEqualTo("eu-token");
        assertThat(workspaces.get(1).everyOtherTenant()).isTrue();
        assertThat(workspaces.get(2).passthroughTable()).isTrue();
        assertThat(workspaces.get(2).rateBurst()).isEqualTo(20);
    }

    /**
     * The pod's env as the service would read it: a Clay webhook URL where the chart refers to its
     * Secret, and no downward-API entries (Kubernetes fills them in).
     */
    private static Map<String, String> withClayUrl(Map<String, String> env) {
        Map<String, String> read = new HashMap<>(env);
        read.values().removeIf(java.util.Objects::isNull);
        read.put("CLAY_WEBHOOK_URLS", "https://api.clay.com/v3/sources/webhook/pull-in-data-from-a-webhook-test-0001");
        return read;
    }

    private Path values(String yaml) {
        Path file = scratch.resolve("values-" + files.incrementAndGet() + ".yaml");
        try {
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static Container container(Rendered rendered, String component) {
        return rendered.workload(component).getSpec().getContainers().get(0);
    }

    private static Map<String, String> env(Rendered rendered, String component) {
        return rendered.effectiveEnv(container(rendered, component));
    }

    private static EnvVar envVar(Rendered rendered, String component, String name) {
        return container(rendered, component).getEnv().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(component + " has no env entry " + name));
    }

    private static Map<String, String> configMap(Rendered rendered, String component) {
        return rendered.one(ConfigMap.class, FULLNAME + "-" + component).getData();
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
