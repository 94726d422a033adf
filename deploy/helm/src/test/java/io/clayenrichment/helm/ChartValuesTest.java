package io.clayenrichment.helm;

import static io.clayenrichment.helm.ChartRenderer.ciValues;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the values do: required values, limits, schema, and the objects each switch adds. */
class ChartValuesTest {

    private static final String FULLNAME = ChartRenderer.RELEASE + "-clay-enrichment";
    private static final Path MINIMAL = ciValues("minimal-values.yaml");
    private static final Path PRODUCTION = ciValues("production-values.yaml");
    private static final Path CHART_SECRET_SASL = ciValues("chart-secret-sasl-values.yaml");
    private static final Path BAD_VALUES = Path.of("src/test/resources/bad-values");

    private final ChartRenderer chart = ChartRenderer.chart();

    @Test
    void lintStrictPasses() {
        var result = chart.lint();

        assertThat(result.isFailed()).as("lint: %s", result.getMessages()).isFalse();
    }

    @Test
    void installWithoutKafkaFailsNamingTheValue() {
        assertThatThrownBy(() -> chart.render())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kafka.bootstrapServers is required");
    }

    @Test
    void installWithoutClayUrlOrCallbackSecretFailsNamingTheValue() {
        assertThatThrownBy(() -> chart.render(Map.of("kafka.bootstrapServers", "k:9092", "secrets.callbackSecrets", "s")))
                .hasMessageContaining("secrets.clayWebhookUrls is required");
        assertThatThrownBy(() -> chart.render(Map.of("kafka.bootstrapServers", "k:9092", "secrets.clayWebhookUrls", "https://x.example/w")))
                .hasMessageContaining("secrets.callbackSecrets (or secrets.callbackSigningSecrets) is required");
    }

    @Test
    void moreEnrichmentPodsThanPartitionsFailsRendering() {
        assertThatThrownBy(() -> chart.render(Map.of("enrichment.replicaCount", 7, "topics.partitions", 6), MINIMAL))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("enrichment.replicaCount (7) is greater than topics.partitions (6)");

        Rendered atTheLimit = chart.render(Map.of("enrichment.replicaCount", 6, "topics.partitions", 6), MINIMAL);
        assertThat(atTheLimit.one(StatefulSet.class, FULLNAME + "-enrichment").getSpec().getReplicas()).isEqualTo(6);
    }

    @Test
    void schemaRejectsAWrongType() {
        assertThatThrownBy(() -> chart.render(Map.of("receiver.replicaCount", "two"), MINIMAL))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining("receiver.replicaCount")
                .hasMessageContaining("integer");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            enrichment.config.freshnessTtl         | 30 days | enrichment.config.freshnessTtl: Does not match pattern
            enrichment.config.resultTimeout        | P1M     | enrichment.config.resultTimeout: Does not match pattern
            enrichment.config.creditBudgets        | acme:1  | enrichment.config.creditBudgets: Does not match pattern
            enrichment.config.clay.rateLimitPerSecond | 0    | enrichment.config.clay.rateLimitPerSecond: Must be greater than 0
            kafka.securityProtocol                 | SASL    | kafka.securityProtocol must be one of the following
            topics.requests                        | a topic | topics.requests: Does not match pattern
            topics.partitions                      | 0       | topics.partitions: Must be greater than or equal to 1
            """)
    void schemaRejectsValuesTheServicesWouldRefuse(String value, String given, String message) {
        Object typed = given.matches("-?\\d+") ? Integer.valueOf(given) : given;

        assertThatThrownBy(() -> chart.render(Map.of(value, typed), MINIMAL))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(message);
    }

    @Test
    void schemaAcceptsTheDocumentedFormats() {
        Rendered rendered = chart.render(Map.of("enrichment.config.freshnessTtl", "P7DT12H", "enrichment.config.resultTimeout", "PT20.5S",
                "enrichment.config.creditBudgets", "acme:100:2000, beta:5:50"), MINIMAL);

        assertThat(rendered.one(ConfigMap.class, FULLNAME + "-enrichment").getData()).containsEntry("FRESHNESS_TTL", "P7DT12H");
    }

    @Test
    void schemaRejectsAnUnknownTopLevelKey() {
        assertThatThrownBy(() -> chart.render(BAD_VALUES.resolve("unknown-top-level-key.yaml")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Additional property replicas is not allowed");
    }

    @Test
    void schemaRejectsAMisspeltTypedSetting() {
        assertThatThrownBy(() -> chart.render(BAD_VALUES.resolve("misspelt-setting.yaml")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("enrichment.config")
                .hasMessageContaining("Additional property creditBudgetDayly is not allowed");
    }

    @Test
    void chartMadeSecretHoldsEveryGivenCredential() {
        Rendered rendered = chart.render(CHART_SECRET_SASL);
        Map<String, String> data = rendered.one(Secret.class, FULLNAME).getData();
        ValuesFile values = ValuesFile.read(CHART_SECRET_SASL);

        assertThat(data).containsOnlyKeys("CALLBACK_SECRETS", "CALLBACK_SIGNING_SECRETS", "CLAY_WEBHOOK_URLS",
                "CLAY_WEBHOOK_AUTH_TOKEN", "OPERATOR_TOKEN", "READ_TOKENS", "INTAKE_TOKENS", "KAFKA_SASL_JAAS_CONFIG");
        assertThat(decode(data.get("KAFKA_SASL_JAAS_CONFIG"))).isEqualTo(values.at("/secrets/kafkaSaslJaasConfig").asText());
        assertThat(decode(data.get("CLAY_WEBHOOK_URLS"))).isEqualTo(values.at("/secrets/clayWebhookUrls").asText());
    }

    @Test
    void existingSecretReplacesTheChartSecret() {
        Rendered rendered = chart.render(PRODUCTION);

        assertThat(rendered.find(Secret.class, FULLNAME)).isEmpty();
        var env = rendered.effectiveEnv(rendered.workload("enrichment").getSpec().getContainers().get(0));
        assertThat(env.get("CLAY_WEBHOOK_URLS")).isEqualTo("secret:clay-enrichment-credentials/CLAY_WEBHOOK_URLS");
    }

    @Test
    void aSettingChangeChangesThePodChecksumAndOnlyThatComponentsPods() {
        Rendered before = chart.render(MINIMAL);
        Rendered after = chart.render(Map.of("enrichment.config.creditBudgetDaily", 50), MINIMAL);
        Rendered newSecret = chart.render(Map.of("secrets.callbackSecrets", "rotated"), MINIMAL);

        assertThat(checksum(after, "enrichment")).isNotEqualTo(checksum(before, "enrichment"));
        assertThat(checksum(after, "receiver")).isEqualTo(checksum(before, "receiver"));
        assertThat(checksum(newSecret, "receiver")).isNotEqualTo(checksum(before, "receiver"));
    }

    @Test
    void freeFormEnvAddsNewSettingsAndWinsOverTypedOnes() {
        Rendered rendered = chart.render(Map.of("enrichment.env.SOME_NEW_SETTING", "on",
                "enrichment.env.CREDIT_BUDGET_DAILY", "77"), MINIMAL);
        Map<String, String> data = rendered.one(ConfigMap.class, FULLNAME + "-enrichment").getData();

        assertThat(data).containsEntry("SOME_NEW_SETTING", "on").containsEntry("CREDIT_BUDGET_DAILY", "77");
    }

    @Test
    void numbersReachTheEnvironmentAsWrittenNotInExponentForm() {
        Map<String, String> enrichment = chart.render(PRODUCTION).one(ConfigMap.class, FULLNAME + "-enrichment").getData();
        Map<String, String> receiver = chart.render(PRODUCTION).one(ConfigMap.class, FULLNAME + "-receiver").getData();

        assertThat(receiver).containsEntry("MAX_BODY_BYTES", "2097152");
        assertThat(enrichment).containsEntry("CREDIT_BUDGET_MONTHLY", "100000").containsEntry("CREDIT_COST_PER_ENRICHMENT", "2.5")
                .containsEntry("CLAY_RATE_LIMIT_PER_SECOND", "7.5").containsEntry("CREDIT_WARNING_THRESHOLD", "0.8")
                .containsEntry("NUM_STANDBY_REPLICAS", "1").containsEntry("KAFKA_REQUEST_TIMEOUT_MS", "20000");
    }

    @Test
    void kafkaSecurityReachesBothServices() {
        Rendered rendered = chart.render(PRODUCTION);

        for (String component : new String[] {"receiver", "enrichment"}) {
            var pod = rendered.workload(component).getSpec();
            var env = rendered.effectiveEnv(pod.getContainers().get(0));
            assertThat(env).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                    .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
                    .containsEntry("KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/kafka/tls/ca.p12")
                    .containsEntry("KAFKA_SSL_TRUSTSTORE_TYPE", "PKCS12")
                    .containsEntry("KAFKA_CLIENT_DNS_LOOKUP", "use_all_dns_ips")
                    .containsEntry("KAFKA_SASL_JAAS_CONFIG", "secret:clay-enrichment-credentials/KAFKA_SASL_JAAS_CONFIG");
            assertThat(pod.getVolumes()).filteredOn(v -> v.getSecret() != null)
                    .extracting(v -> v.getSecret().getSecretName()).containsExactly("kafka-ca");
            assertThat(pod.getContainers().get(0).getVolumeMounts())
                    .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/etc/kafka/tls"));
        }
    }

    @Test
    void persistentStateMakesAStatefulSetWithAVolumePerPod() {
        Rendered rendered = chart.render(PRODUCTION);
        StatefulSet set = rendered.one(StatefulSet.class, FULLNAME + "-enrichment");

        assertThat(set.getSpec().getServiceName()).isEqualTo(FULLNAME + "-enrichment-headless");
        assertThat(rendered.one(Service.class, FULLNAME + "-enrichment-headless").getSpec().getClusterIP()).isEqualTo("None");
        assertThat(set.getSpec().getVolumeClaimTemplates()).singleElement().satisfies(claim -> {
            assertThat(claim.getMetadata().getName()).isEqualTo("state");
            assertThat(claim.getSpec().getStorageClassName()).isEqualTo("gp3");
            assertThat(claim.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("20Gi");
        });
        assertThat(set.getSpec().getTemplate().getSpec().getContainers().get(0).getVolumeMounts())
                .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/var/lib/clay-enrichment/state"));
    }

    @Test
    void ephemeralStateMakesADeploymentWithAnEmptyDir() {
        Rendered rendered = chart.render(CHART_SECRET_SASL);
        Deployment deployment = rendered.one(Deployment.class, FULLNAME + "-enrichment");

        assertThat(rendered.find(StatefulSet.class, FULLNAME + "-enrichment")).isEmpty();
        assertThat(rendered.find(Service.class, FULLNAME + "-enrichment-headless")).isEmpty();
        assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes()).anySatisfy(volume -> {
            assertThat(volume.getName()).isEqualTo("state");
            assertThat(volume.getEmptyDir().getSizeLimit().toString()).isEqualTo("2Gi");
        });
    }

    @Test
    void ingressServesClayWebhookOverTls() {
        Ingress ingress = chart.render(PRODUCTION).one(Ingress.class, FULLNAME + "-receiver");

        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls -> {
            assertThat(tls.getSecretName()).isEqualTo("clay-webhook-tls");
            assertThat(tls.getHosts()).containsExactly("clay-webhook.acme.example");
        });
        var path = ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0);
        assertThat(path.getPath()).isEqualTo("/clay-webhook");
        assertThat(path.getBackend().getService().getName()).isEqualTo(FULLNAME + "-receiver");
        assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("http");
    }

    @Test
    void autoscalingTakesOverTheReceiversReplicas() {
        Rendered rendered = chart.render(PRODUCTION);
        HorizontalPodAutoscaler hpa = rendered.one(HorizontalPodAutoscaler.class, FULLNAME + "-receiver");

        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(FULLNAME + "-receiver");
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(12);
        assertThat(hpa.getSpec().getMetrics()).extracting(m -> m.getResource().getName()).containsExactly("cpu", "memory");
        assertThat(rendered.one(Deployment.class, FULLNAME + "-receiver").getSpec().getReplicas()).isNull();
        assertThat(chart.render(MINIMAL).all(HorizontalPodAutoscaler.class)).isEmpty();
    }

    @Test
    void serviceMonitorScrapesEachServiceOnce() {
        Rendered rendered = chart.render(PRODUCTION);
        GenericKubernetesResource monitor = rendered.custom("ServiceMonitor").get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) monitor.getAdditionalProperties().get("spec");
        @SuppressWarnings("unchecked")
        Map<String, String> matchLabels = (Map<String, String>) ((Map<String, Object>) spec.get("selector")).get("matchLabels");

        var scraped = rendered.all(Service.class).stream()
                .filter(s -> s.getMetadata().getLabels().entrySet().containsAll(matchLabels.entrySet()))
                .map(s -> s.getMetadata().getName()).toList();
        assertThat(scraped).containsExactlyInAnyOrder(FULLNAME + "-receiver", FULLNAME + "-enrichment");
        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
        assertThat(spec.get("endpoints").toString()).contains("port=http", "path=/metrics");
        assertThat(chart.render(MINIMAL).custom("ServiceMonitor")).isEmpty();
    }

    @Test
    void networkPoliciesAdmitOnlyTheHttpPort() {
        var policies = chart.render(PRODUCTION).all(NetworkPolicy.class);

        assertThat(policies).hasSize(2).allSatisfy(policy -> assertThat(policy.getSpec().getIngress())
                .singleElement().satisfies(rule -> assertThat(rule.getPorts()).singleElement()
                        .satisfies(port -> assertThat(port.getPort().getStrVal()).isEqualTo("http"))));
        assertThat(chart.render(MINIMAL).all(NetworkPolicy.class)).isEmpty();
    }

    @Test
    void dashboardConfigMapIsLabelledForTheGrafanaSidecar() {
        ConfigMap dashboard = chart.render(PRODUCTION).one(ConfigMap.class, FULLNAME + "-dashboard");

        assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(dashboard.getMetadata().getAnnotations()).containsEntry("grafana_folder", "Clay");
        assertThat(dashboard.getData().get("clay-enrichment.json")).isEqualTo(Dashboard.read(Dashboard.IN_REPO).text().strip());
    }

    private static String checksum(Rendered rendered, String component) {
        return rendered.workload(component).getMetadata().getAnnotations().get("checksum/config");
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
