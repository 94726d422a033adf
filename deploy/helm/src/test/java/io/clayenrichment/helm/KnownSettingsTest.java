package io.clayenrichment.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.topics.TopicSpec;
import io.clayenrichment.common.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link KnownSettings} is what the chart tests hold the chart to, so it must follow the services: a
 * setting a service starts reading is missing here (and so maybe from the chart) until it is added.
 * The names are read from the services' sources, where they are read through {@code Env}.
 */
class KnownSettingsTest {

    private static final Path REPO = Path.of("../..");
    /** Topic names and layout: common code both services read their topics with. */
    private static final List<Path> COMMON = List.of(
            REPO.resolve("common/src/main/java/io/clayenrichment/common/topics/Topics.java"),
            REPO.resolve("common/src/main/java/io/clayenrichment/common/topics/TopicLayout.java"));
    /** env.string("NAME", ...), env.list("NAME") ... */
    private static final Pattern DIRECT = Pattern.compile("\\benv\\.[a-zA-Z]+\\(\\s*\"([A-Z][A-Z0-9_]*)\"");
    /** positive(env, "NAME", ...): a settings class's own typed read. */
    private static final Pattern THROUGH_HELPER = Pattern.compile("\\(\\s*env\\s*,\\s*\"([A-Z][A-Z0-9_]*)\"");
    /** static final String CALLBACK_SECRETS = "CALLBACK_SECRETS"; counted when env.*(CALLBACK_SECRETS) reads it. */
    private static final Pattern CONSTANT = Pattern.compile("String\\s+([A-Z][A-Z0-9_]*)\\s*=\\s*\"([A-Z][A-Z0-9_]*)\"");
    /** Topics.BUDGETS.nameIn(env): a topic's setting, which its spec in the registry names. */
    private static final Pattern TOPIC_NAME = Pattern.compile("\\b([A-Z][A-Z0-9_]*)\\.nameIn\\(\\s*env\\b");
    /** ${LOG_LEVEL:-INFO} in logback.xml. */
    private static final Pattern LOGBACK = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:-[^}]*)?}");

    @ParameterizedTest
    @CsvSource({"receiver, webhook-receiver", "enrichment, enrichment-service"})
    void everySettingTheServiceReadsIsKnown(String component, String module) {
        Set<String> read = settingsRead(module);

        assertThat(read).as("settings %s reads", module).hasSizeGreaterThan(15)
                .containsAll(List.of("HTTP_PORT", "TOPIC_REQUESTS", "INTAKE_TOKENS"));
        assertThat(KnownSettings.all(component)).as("KnownSettings for " + component).containsAll(read);
    }

    @ParameterizedTest
    @CsvSource({"receiver, webhook-receiver", "enrichment, enrichment-service"})
    void everyKnownSettingIsReadByTheService(String component, String module) {
        Set<String> read = settingsRead(module);
        Set<String> notRead = new TreeSet<>(KnownSettings.all(component));
        notRead.removeAll(read);
        // every KAFKA_* variable is a client property (KafkaSettings); the pod's identity is there for $(POD_NAME) references
        notRead.removeIf(name -> name.startsWith("KAFKA_"));
        notRead.removeAll(KnownSettings.POD_IDENTITY);

        assertThat(notRead).as("settings the chart gives %s that it does not read", module).isEmpty();
    }

    @Test
    void theScanFindsSettingsReadThroughConstantsAndHelpers() {
        Set<String> receiver = settingsRead("webhook-receiver");
        Set<String> enrichment = settingsRead("enrichment-service");

        assertThat(receiver).contains("CALLBACK_SECRETS", "PUBLISH_TIMEOUT", "LOG_LEVEL").doesNotContain("CLAY_WEBHOOK_URLS");
        assertThat(enrichment).contains("FRESHNESS_TTL", "CREDIT_BUDGET_DAILY", "ADVERTISED_HOST", "SYNC_WAIT_MAX",
                "REFRESH_AFTER", "REFRESH_RATE_SHARE", "TOPIC_BUDGETS", "TOPIC_WORKSPACE_GRANTS");
        assertThat(receiver).contains("TOPIC_REQUESTS", "TOPIC_OUTBOUND").doesNotContain("TOPIC_BUDGETS");
    }

    private static Set<String> settingsRead(String module) {
        Set<String> names = new TreeSet<>();
        Path main = REPO.resolve(module).resolve("src/main");
        try (Stream<Path> files = Files.walk(main)) {
            Stream.concat(files, COMMON.stream()).filter(Files::isRegularFile).forEach(file -> {
                if (file.toString().endsWith(".java")) {
                    names.addAll(javaSettings(read(file)));
                } else if (file.getFileName().toString().equals("logback.xml")) {
                    names.addAll(groups(LOGBACK.matcher(read(file)), 1));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    private static Set<String> javaSettings(String source) {
        Set<String> names = new TreeSet<>(groups(DIRECT.matcher(source), 1));
        names.addAll(groups(THROUGH_HELPER.matcher(source), 1));
        groups(TOPIC_NAME.matcher(source), 1).forEach(spec -> names.add(topicSetting(spec)));
        Matcher constant = CONSTANT.matcher(source);
        while (constant.find()) {
            if (Pattern.compile("\\benv\\.[a-zA-Z]+\\(\\s*" + constant.group(1) + "\\b").matcher(source).find()) {
                names.add(constant.group(2));
            }
        }
        return names;
    }

    private static String topicSetting(String spec) {
        try {
            return ((TopicSpec) Topics.class.getField(spec).get(null)).setting();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(spec + ".nameIn(env) names no TopicSpec of Topics", e);
        }
    }

    private static Set<String> groups(Matcher matcher, int group) {
        Set<String> found = new TreeSet<>();
        while (matcher.find()) {
            found.add(matcher.group(group));
        }
        return found;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
