package io.clayenrichment.common.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.testing.MainSources;
import io.clayenrichment.common.testing.MainSources.Literal;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * "No topic name outside {@link Topics}": a main source file of any module that spells a registered
 * topic's default name as a string literal bypasses the registry, and keeps the old name when a
 * deployment renames the topic. Names are taken from wherever the code reads them ({@link Topics}'
 * instances, {@link TopicSpec#nameIn}, the enrichment service's settings).
 */
class TopicNamesInSourcesTest {

    /** Where the names are spelled, once each. */
    private static final Path REGISTRY = Path.of("common/src/main/java/io/clayenrichment/common/topics/Topics.java");
    private static final Set<String> NAMES = Topics.ALL.stream().map(TopicSpec::defaultName)
            .collect(Collectors.toSet());

    @Test
    void noMainSourceOutsideTheRegistrySpellsATopicName() {
        Path registry = MainSources.root().resolve(REGISTRY);
        List<Literal> spelled = MainSources.files().stream().filter(file -> !file.equals(registry))
                .flatMap(file -> MainSources.literals(file).stream())
                .filter(literal -> NAMES.contains(literal.value())).toList();

        assertThat(spelled).as("topic names spelled outside Topics; take them from Topics (or ServiceTopics)")
                .isEmpty();
    }

    /** The scan is not vacuous: it reads every module, and sees the names where the registry spells them. */
    @Test
    void theScanSeesEveryModuleAndTheRegistrysOwnNames() {
        List<Path> files = MainSources.files();

        assertThat(files).extracting(file -> MainSources.root().relativize(file).getName(0).toString())
                .contains("common", "webhook-receiver", "enrichment-service", "deploy");
        assertThat(MainSources.literals(MainSources.root().resolve(REGISTRY))).extracting(Literal::value)
                .contains(Topics.DEFAULT_REQUESTS, Topics.DEFAULT_WORKSPACE_GRANTS, Topics.DEFAULT_BUDGET_CHANGES);
    }
}
