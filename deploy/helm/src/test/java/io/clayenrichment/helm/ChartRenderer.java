package io.clayenrichment.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * Renders the chart with the real Helm engine (helm-java embeds Helm as a native library), as
 * {@code helm template} would for a release named {@value #RELEASE} in namespace {@value #NAMESPACE}.
 */
final class ChartRenderer {

    static final Path CHART = Path.of("clay-enrichment");
    static final Path CI_VALUES = CHART.resolve("ci");
    static final String RELEASE = "clay";
    static final String NAMESPACE = "enrichment";
    /** Renamed so helm-java's template() keeps hook resources (it leaves out anything annotated as a hook). */
    static final String RENAMED_HOOK_ANNOTATION = "test.clay-enrichment.io/was-hook";

    private final Path chart;

    private ChartRenderer(Path chart) {
        this.chart = chart;
    }

    static ChartRenderer chart() {
        return new ChartRenderer(CHART);
    }

    /** A copy of the chart whose hook resources render like any other (their annotation renamed). */
    static ChartRenderer chartWithHooksVisible(Path scratch) {
        return copy(scratch.resolve("with-hooks"), (path, text) -> path.startsWith(CHART.resolve("templates"))
                ? text.replace("helm.sh/hook:", RENAMED_HOOK_ANNOTATION + ":") : text);
    }

    /**
     * A copy of the chart that also renders NOTES.txt (which helm template leaves out) into the
     * ConfigMap {@value #NOTES_CONFIG_MAP}, key "notes".
     */
    static ChartRenderer chartWithNotesVisible(Path scratch) {
        ChartRenderer copy = copy(scratch.resolve("with-notes"), (path, text) -> text);
        try {
            Files.copy(CHART.resolve("templates/NOTES.txt"), copy.chart.resolve("files/NOTES.txt"));
            Files.writeString(copy.chart.resolve("templates/notes-for-tests.yaml"), """
                    apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      name: %s
                      namespace: {{ .Release.Namespace }}
                    data:
                      notes: {{ tpl (.Files.Get "files/NOTES.txt") . | toJson }}
                    """.formatted(NOTES_CONFIG_MAP));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return copy;
    }

    static final String NOTES_CONFIG_MAP = "notes-for-tests";

    private static ChartRenderer copy(Path target, BiFunction<Path, String, String> transform) {
        Path copy = target.resolve("clay-enrichment");
        try (Stream<Path> files = Files.walk(CHART)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path destination = copy.resolve(CHART.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(destination);
                } else {
                    Files.writeString(destination, transform.apply(source, Files.readString(source)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ChartRenderer(copy);
    }

    static Path ciValues(String name) {
        return CI_VALUES.resolve(name);
    }

    LintResult lint() {
        return new Helm(chart).lint().strict().call();
    }

    /** Renders with the given values files (later ones win) and --set overrides. */
    Rendered render(Map<String, ?> overrides, Path... valuesFiles) {
        TemplateCommand template = new Helm(chart).template().withName(RELEASE).withNamespace(NAMESPACE);
        for (Path file : valuesFiles) {
            template = template.withValuesFile(file.toAbsolutePath());
        }
        for (Map.Entry<String, ?> entry : overrides.entrySet()) {
            template = template.set(entry.getKey(), entry.getValue());
        }
        return Rendered.parse(template.call());
    }

    Rendered render(Path... valuesFiles) {
        return render(Map.of(), valuesFiles);
    }
}
