package io.clayenrichment.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
        Path copy = scratch.resolve("clay-enrichment");
        try (Stream<Path> files = Files.walk(CHART)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = copy.resolve(CHART.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else if (source.toString().endsWith(".yaml") && source.startsWith(CHART.resolve("templates"))) {
                    Files.writeString(target, Files.readString(source).replace("helm.sh/hook:", RENAMED_HOOK_ANNOTATION + ":"));
                } else {
                    Files.copy(source, target);
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
