package io.clayenrichment.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The values examples in docs/kubernetes.md are the ci files the tests render, word for word, and the
 * READMEs push the images with the command PushedImagesTest runs.
 */
class ReadmeExamplesTest {

    private static final Path PAGE = Path.of("../../docs/kubernetes.md");
    private static final Pattern EXAMPLE = Pattern.compile(
            "```yaml\\n# deploy/helm/clay-enrichment/ci/([a-z-]+\\.yaml)\\n(.*?)```", Pattern.DOTALL);

    @Test
    void everyValuesExampleInTheKubernetesPageIsACiFile() throws IOException {
        Matcher example = EXAMPLE.matcher(Files.readString(PAGE));
        int examples = 0;
        while (example.find()) {
            examples++;
            assertThat(example.group(2)).as("docs/kubernetes.md example " + example.group(1))
                    .isEqualTo(Files.readString(ChartRenderer.ciValues(example.group(1))));
        }
        assertThat(examples).as("examples in docs/kubernetes.md").isGreaterThanOrEqualTo(3);
    }

    @Test
    void theReadmesPushWithTheCommandThePushTestRuns() {
        String tested = DocumentedPush.read().command();

        for (Path readme : List.of(Path.of("../../README.md"), ChartReadmeTest.CHART_README)) {
            assertThat(DocumentedPush.pushCommandIn(DocumentedPush.read(readme)))
                    .as(readme + " push command (the one of docs/kubernetes.md)").contains(tested);
        }
    }
}
