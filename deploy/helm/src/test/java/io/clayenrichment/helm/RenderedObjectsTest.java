package io.clayenrichment.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every ci/*-values.yaml file, rendered by Helm (hooks included), gives valid, consistent and
 * hardened Kubernetes objects.
 */
class RenderedObjectsTest {

    @TempDir
    static Path scratch;

    private static ChartRenderer chart;

    @BeforeAll
    static void copyChartWithHooksVisible() {
        chart = ChartRenderer.chartWithHooksVisible(scratch);
    }

    static Stream<Path> ciValuesFiles() throws IOException {
        List<Path> files;
        try (Stream<Path> listed = Files.list(ChartRenderer.CI_VALUES)) {
            files = listed.filter(p -> p.getFileName().toString().endsWith("-values.yaml")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(4);
        return files.stream();
    }

    private static Rendered render(Path values) {
        return chart.render(values);
    }

    @ParameterizedTest
    @MethodSource("ciValuesFiles")
    void everyDocumentIsAKubernetesObjectWithNoUnknownField(Path values) {
        Rendered rendered = render(values);

        assertThat(rendered.objects()).isNotEmpty();
        for (HasMetadata object : rendered.objects()) {
            assertThat(UnknownFields.in(object)).as("fields %s/%s does not know", object.getKind(),
                    object.getMetadata().getName()).isEmpty();
            assertThat(object.getMetadata().getNamespace()).as(object.getKind() + " namespace").isIn(
                    ChartRenderer.NAMESPACE, "kafka");
        }
        assertThat(rendered.all(Deployment.class).size() + rendered.all(StatefulSet.class).size()).isEqualTo(2);
    }

    @ParameterizedTest
    @MethodSource("ciValuesFiles")
    void selectorsMatchPodLabelsAndNeverCarryTheChartVersion(Path values) {
        Rendered rendered = render(values);

        rendered.all(Deployment.class).forEach(d -> assertSelects(d.getSpec().getSelector().getMatchLabels(),
                d.getSpec().getTemplate(), "Deployment " + d.getMetadata().getName()));
        rendered.all(StatefulSet.class).forEach(s -> assertSelects(s.getSpec().getSelector().getMatchLabels(),
                s.getSpec().getTemplate(), "StatefulSet " + s.getMetadata().getName()));
        for (Service service : rendered.all(Service.class)) {
            PodTemplateSpec pods = rendered.workload(component(service));
            assertSelects(service.getSpec().getSelector(), pods, "Service " + service.getMetadata().getName());
            assertThat(service.getSpec().getPorts()).allSatisfy(port -> assertThat(port.getTargetPort().getStrVal())
                    .isIn(pods.getSpec().getContainers().get(0).getPorts().stream().map(ContainerPort::getName).toList()));
        }
        for (PodDisruptionBudget pdb : rendered.all(PodDisruptionBudget.class)) {
            assertSelects(pdb.getSpec().getSelector().getMatchLabels(), rendered.workload(component(pdb)),
                    "PodDisruptionBudget " + pdb.getMetadata().getName());
        }
    }

    @ParameterizedTest
    @MethodSource("ciValuesFiles")
    void podsAreHardened(Path values) {
        render(values).podTemplates().forEach((name, template) -> {
            PodSpec pod = template.getSpec();
            assertThat(pod.getEnableServiceLinks()).as(name + " enableServiceLinks").isFalse();
            assertThat(pod.getAutomountServiceAccountToken()).as(name + " token").isFalse();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name + " runAsNonRoot").isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).as(name + " runAsUser").isPositive();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            for (Container container : pod.getContainers()) {
                var security = container.getSecurityContext();
                assertThat(security.getReadOnlyRootFilesystem()).as(name + " read-only root").isTrue();
                assertThat(security.getAllowPrivilegeEscalation()).as(name + " escalation").isFalse();
                assertThat(security.getPrivileged()).as(name + " privileged").isFalse();
                assertThat(security.getRunAsNonRoot()).isTrue();
                assertThat(security.getCapabilities().getDrop()).as(name + " capabilities").containsExactly("ALL");
                assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();
                assertThat(security.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
                String tmpVolume = container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp"))
                        .map(m -> m.getName()).findFirst().orElseThrow(() -> new AssertionError(name + " has no /tmp"));
                assertThat(pod.getVolumes()).anySatisfy(v -> {
                    assertThat(v.getName()).isEqualTo(tmpVolume);
                    assertThat(v.getEmptyDir()).isNotNull();
                });
            }
        });
    }

    @ParameterizedTest
    @MethodSource("ciValuesFiles")
    void probesCallTheHealthEndpointsOnTheServicePort(Path values) {
        Rendered rendered = render(values);
        for (String component : List.of("receiver", "enrichment")) {
            Container container = rendered.workload(component).getSpec().getContainers().get(0);
            Map<String, String> env = rendered.effectiveEnv(container);
            int httpPort = Integer.parseInt(env.get("HTTP_PORT"));

            assertProbe(container.getLivenessProbe(), "/health/live", container, httpPort);
            assertProbe(container.getReadinessProbe(), "/health/ready", container, httpPort);
        }
    }

    @ParameterizedTest
    @MethodSource("ciValuesFiles")
    void everyKnownSettingIsSetAndCredentialsComeFromSecrets(Path values) {
        Rendered rendered = render(values);
        ValuesFile file = ValuesFile.read(values);
        boolean existingSecret = !file.at("/secrets/existingSecret").asText().isEmpty();

        for (String component : List.of("receiver", "enrichment")) {
            Container container = rendered.workload(component).getSpec().getContainers().get(0);
            Map<String, String> env = rendered.effectiveEnv(container);

            assertThat(env).as(component + " plain settings").containsKeys(KnownSettings.plain(component).toArray(String[]::new));
            for (String secret : KnownSettings.secrets(component)) {
                boolean given = existingSecret || !file.at("/secrets/" + valuesField(secret)).asText().isEmpty();
                if (given) {
                    assertThat(env.get(secret)).as(component + " " + secret).startsWith("secret:").endsWith("/" + secret);
                } else {
                    assertThat(env).as(component + " " + secret + " not given").doesNotContainKey(secret);
                }
            }
            boolean advertisedHostGiven = component.equals("enrichment")
                    && !file.at("/enrichment/config/advertisedHost").asText().isEmpty();
            assertThat(env.containsKey("ADVERTISED_HOST")).as(component + " ADVERTISED_HOST set only when given")
                    .isEqualTo(advertisedHostGiven);
            assertThat(env.get("KAFKA_BOOTSTRAP_SERVERS")).isEqualTo(file.at("/kafka/bootstrapServers").asText());
            assertThat(container.getEnv()).filteredOn(v -> v.getValueFrom() != null && v.getValueFrom().getFieldRef() != null)
                    .extracting(v -> v.getName() + "=" + v.getValueFrom().getFieldRef().getFieldPath())
                    .containsExactly("POD_NAME=metadata.name", "POD_NAMESPACE=metadata.namespace", "POD_IP=status.podIP");
        }
    }

    @ParameterizedTest
    @MethodSource("ciValuesFiles")
    void noCredentialAppearsInAConfigMapOrAPlainEnvValue(Path values) {
        Rendered rendered = render(values);
        List<String> credentials = ValuesFile.read(values).secretValues();

        for (ConfigMap configMap : rendered.all(ConfigMap.class)) {
            for (String credential : credentials) {
                assertThat(configMap.getData().values()).as("ConfigMap " + configMap.getMetadata().getName())
                        .noneMatch(value -> value.contains(credential));
            }
            assertThat(configMap.getData().keySet()).doesNotContainAnyElementsOf(KnownSettings.allSecrets());
        }
        rendered.podTemplates().forEach((name, template) -> {
            for (Container container : template.getSpec().getContainers()) {
                for (EnvVar variable : container.getEnv()) {
                    if (variable.getValue() == null) {
                        continue; // valueFrom: a Secret reference
                    }
                    for (String credential : credentials) {
                        assertThat(variable.getValue()).as(name + " env " + variable.getName()).doesNotContain(credential);
                    }
                }
            }
        });
    }

    private static String valuesField(String envName) {
        String[] words = envName.toLowerCase().split("_");
        StringBuilder field = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            field.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return field.toString();
    }

    private static String component(HasMetadata object) {
        return object.getMetadata().getLabels().get("app.kubernetes.io/component");
    }

    private static void assertSelects(Map<String, String> selector, PodTemplateSpec pods, String what) {
        assertThat(selector).as(what + " selector").isNotEmpty().doesNotContainKey("helm.sh/chart")
                .doesNotContainKey("app.kubernetes.io/version");
        assertThat(pods.getMetadata().getLabels()).as(what + " selects its pods").containsAllEntriesOf(selector);
    }

    private static void assertProbe(Probe probe, String path, Container container, int httpPort) {
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        var port = probe.getHttpGet().getPort();
        int number = port.getIntVal() != null ? port.getIntVal() : container.getPorts().stream()
                .filter(p -> p.getName().equals(port.getStrVal())).findFirst()
                .orElseThrow(() -> new AssertionError("probe port " + port.getStrVal() + " is not a container port"))
                .getContainerPort();
        assertThat(number).as(container.getName() + " " + path + " port = HTTP_PORT").isEqualTo(httpPort);
    }
}
