package io.clayenrichment.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.clayenrichment.enrichment.EnrichmentServiceMain;
import io.clayenrichment.receiver.WebhookReceiverMain;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The push to a user's registry that docs/kubernetes.md shows, done for real: a registry on 127.0.0.1
 * (Debian's docker-registry), the page's {@code mvn … jib:build} command run in a clean copy of the
 * sources, then the registry's HTTP API shows both images, and the chart rendered with the page's
 * values pulls exactly them.
 *
 * <p>The only differences from a user's run: the base is a stand-in pushed into the same registry
 * ({@link StandInBaseImage}; the build machine has no Docker Hub, users get eclipse-temurin), the
 * registry speaks plain HTTP ({@code -Djib.allowInsecureRegistries=true}), and Jib's base-image cache
 * is in a scratch folder instead of the user's home.
 */
class PushedImagesTest {

    private static final String USER = "65532:65532";
    private static final Duration MAVEN_TIMEOUT = Duration.ofMinutes(5);

    @TempDir
    static Path scratch;

    private static LocalRegistry registry;
    private static StandInBaseImage base;
    private static DocumentedPush documented;
    private static Rendered chartForPushedImages;

    /** Why the tests cannot run here (no registry program, no mvn), or empty. */
    private static String missing = "";

    @BeforeAll
    static void pushBothImagesAsThePageSays() throws IOException, InterruptedException {
        Optional<Path> registryProgram = LocalRegistry.executable();
        Optional<Path> maven = MavenRun.executable();
        missing = registryProgram.isEmpty()
                ? "docker-registry is not on the PATH; install it to run the image push test:"
                        + " apt-get install docker-registry (Debian/Ubuntu; .ci/run does this)"
                : maven.isEmpty() ? "no mvn found (maven.home or PATH) to run the documented jib:build command" : "";
        if (!missing.isEmpty()) {
            return;
        }

        documented = DocumentedPush.read();
        registry = LocalRegistry.start(registryProgram.get(), Files.createDirectories(scratch.resolve("registry")));
        base = StandInBaseImage.pushTo(registry);

        List<String> arguments = new ArrayList<>(documented.mavenArguments(registry.address()));
        arguments.addAll(List.of("-ntp",
                "-Dimage.base=" + base.reference(),
                "-Djib.allowInsecureRegistries=true",
                "-Djib.baseImageCache=" + scratch.resolve("jib-base-image-cache")));
        Path sources = MavenRun.copySources(Files.createDirectories(scratch.resolve("sources")));
        MavenRun.run(maven.get(), sources, arguments, scratch.resolve("maven.log"), MAVEN_TIMEOUT);

        Path values = Files.writeString(scratch.resolve("pushed-images-values.yaml"), documented.values(registry.address()));
        chartForPushedImages = ChartRenderer.chartWithHooksVisible(scratch)
                .render(Map.of(), ChartRenderer.ciValues("minimal-values.yaml"), values);
    }

    /** Each test, not the class, is skipped, so that surefire counts and reports them as skipped. */
    @BeforeEach
    void needsTheRegistryAndMaven() {
        assumeTrue(missing.isEmpty(), missing);
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    static Stream<Arguments> services() {
        return Stream.of(
                Arguments.of("webhook-receiver", WebhookReceiverMain.class, 8080),
                Arguments.of("enrichment-service", EnrichmentServiceMain.class, 8081));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void eachImageIsOnTheGivenBaseWithItsEntrypointNonRootUserPortAndLabels(String service, Class<?> main, int port) {
        PushedImage image = pushed(imageName(service));

        assertThat(image.mediaType()).isIn(RegistryApi.DOCKER_MANIFEST, RegistryApi.OCI_MANIFEST);
        assertThat(image.layerDigests()).as("layers, the base's first").hasSizeGreaterThan(1).first().isEqualTo(base.layerDigest());
        assertThat(image.entrypoint())
                .startsWith("java")
                .contains("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError")
                .endsWith("-cp", "@/app/jib-classpath-file", main.getName());
        assertThat(image.user()).as("user:group").isEqualTo(USER);
        assertThat(image.exposedPorts()).containsExactly(port + "/tcp");
        assertThat(image.labels())
                .containsEntry("org.opencontainers.image.title", service)
                .containsEntry("org.opencontainers.image.version", projectVersion());
    }

    @Test
    void theChartWithThePagesValuesPullsExactlyThePushedImages() {
        List<String> pulled = new ArrayList<>();
        chartForPushedImages.podTemplates().forEach((workload, template) -> containers(template).forEach(container -> {
            pulled.add(container.getImage());
            assertThat(container.getImage()).as(workload + " image").startsWith(registry.address() + "/");
            pushed(container.getImage()); // fails naming the image when the registry does not have it
        }));

        assertThat(pulled).as("receiver, enrichment and the topics Job").hasSize(3)
                .containsOnly(imageName("webhook-receiver"), imageName("enrichment-service"));
    }

    @Test
    void theChartRunsTheImagesAsTheirUserOnTheirPort() {
        for (String component : List.of("receiver", "enrichment")) {
            PodTemplateSpec pod = chartForPushedImages.workload(component);
            Container container = pod.getSpec().getContainers().get(0);
            PushedImage image = pushed(container.getImage());

            var security = pod.getSpec().getSecurityContext();
            assertThat(security.getRunAsUser() + ":" + security.getRunAsGroup()).as(component + " pod user").isEqualTo(image.user());
            assertThat(container.getPorts()).as(component + " container ports")
                    .anySatisfy(port -> assertThat(image.exposedPorts()).containsExactly(port.getContainerPort() + "/tcp"));
        }
    }

    @Test
    void theTopicsJobsClassPathFileIsInTheEnrichmentImageAndHoldsItsMainClass() {
        Job job = chartForPushedImages.one(Job.class, ChartRenderer.RELEASE + "-clay-enrichment-topics");
        Container container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        List<String> command = container.getCommand();
        String classPathFile = command.get(command.indexOf("-cp") + 1).substring(1);
        String mainClass = command.get(command.size() - 1);

        ImageFiles files = ImageFiles.of(registry.api(), pushed(container.getImage()));

        String classPath = files.text(classPathFile).orElseThrow(
                () -> new AssertionError(classPathFile + " (the Job's -cp @file) is not in " + container.getImage())).strip();
        List<String> entries = List.of(classPath.split(":"));
        assertThat(entries).as("class path entries of " + classPathFile).hasSizeGreaterThan(10).allSatisfy(
                entry -> assertThat(files.has(entry)).as(entry + " is in the image").isTrue());
        assertThat(entries).as("entries holding " + mainClass).anyMatch(entry -> files.classPathEntryHolds(entry, mainClass));
    }

    /** The image registry-address/repository:tag as the registry has it. */
    private static PushedImage pushed(String image) {
        String reference = image.substring(registry.address().length() + 1);
        int colon = reference.lastIndexOf(':');
        return PushedImage.read(registry.api(), reference.substring(0, colon), reference.substring(colon + 1));
    }

    /** registry/path/service:tag, as the page's -Dimage.registry and -Dimage.tag name it. */
    private static String imageName(String service) {
        return documented.property("image.registry", registry.address()) + "/" + service + ":"
                + documented.property("image.tag", registry.address());
    }

    private static List<Container> containers(PodTemplateSpec template) {
        List<Container> containers = new ArrayList<>(template.getSpec().getInitContainers());
        containers.addAll(template.getSpec().getContainers());
        return containers;
    }

    private static String projectVersion() {
        String version = System.getProperty("project.version");
        assertThat(version).as("project.version (surefire passes it)").isNotBlank();
        return version;
    }
}
