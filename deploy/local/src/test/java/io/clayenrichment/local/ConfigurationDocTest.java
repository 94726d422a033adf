package io.clayenrichment.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.enrichment.EnrichmentSettings;
import io.clayenrichment.enrichment.replay.ReplaySettings;
import io.clayenrichment.receiver.ReceiverSettings;
import io.clayenrichment.sandbox.SandboxSettings;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/configuration.md} is the one settings reference: its table names every environment
 * variable the services read, and nothing else. What is read is learnt by running each service's
 * settings class ({@code fromEnv}) with a recording {@link Env}, not by reading sources, so a setting
 * added to a settings class fails this test until the page has a row for it.
 */
class ConfigurationDocTest {

    private static final Path REPO = Path.of("../..");
    private static final Path DOC = REPO.resolve("docs/configuration.md");
    /** Every KAFKA_* variable is a client property (KafkaSettings reads the whole environment for them). */
    private static final String KAFKA_FAMILY = "KAFKA_*";
    private static final Pattern LOGBACK = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:-[^}]*)?}");
    private static final Pattern NAME = Pattern.compile("`([A-Z][A-Z0-9_]*\\*?)`");

    private static Set<String> read;
    private static Set<String> documented;

    @BeforeAll
    static void collect() throws Exception {
        read = settingsRead();
        documented = documented(Files.readString(DOC, StandardCharsets.UTF_8));
    }

    @Test
    void everyVariableAServiceReadsHasARow() {
        Set<String> missing = new TreeSet<>(read);
        missing.removeAll(documented);
        assertThat(missing).as("variables read but missing from the table in docs/configuration.md").isEmpty();
    }

    @Test
    void everyRowNamesAVariableSomethingReads() {
        Set<String> unread = new TreeSet<>(documented);
        unread.removeAll(read);
        unread.removeIf(name -> name.startsWith("KAFKA_"));
        assertThat(unread).as("variables docs/configuration.md names that no settings class reads").isEmpty();
    }

    @Test
    void theRecordingSeesEveryService() {
        assertThat(read).contains("CALLBACK_SECRETS", "PUBLISH_TIMEOUT", // receiver
                "FRESHNESS_TTL", "DISPATCHER_ENABLED", "CLAY_BREAKER_WINDOW_SIZE", "READ_TOKENS", "SYNC_WAIT_MAX",
                "KNOWN_TENANTS", "REFRESH_AFTER", // enrichment service, its dispatcher, access, sync, tenants
                "TOPIC_REPLAYED", "REPLAY_TRANSACTIONAL_ID", // dlq replay
                "SANDBOX_SEED", "SANDBOX_OUTAGE", // sandbox and its faults
                "LOCAL_DEMO_COUNT", "LOCAL_KAFKA_PORT", // local stack
                "LOG_LEVEL", KAFKA_FAMILY);
        assertThat(documented).hasSizeGreaterThan(100);
    }

    private static Set<String> settingsRead() throws Exception {
        Set<String> names = new TreeSet<>();
        Consumer<String> sink = names::add;
        ReceiverSettings.fromEnv(Env.recording(Map.of("CALLBACK_SECRETS", "a-secret"), sink));
        // the dispatcher's settings are read only while it is enabled (the default), and need a URL
        EnrichmentSettings.fromEnv(Env.recording(Map.of("CLAY_WEBHOOK_URLS", "https://clay.example/hook"), sink));
        ReplaySettings.fromEnv(Env.recording(Map.of(), sink));
        SandboxSettings.fromEnv(Env.recording(Map.of(), sink));
        LocalStackSettings.fromEnv(Env.recording(Map.of(), sink), Path.of("."), null);
        // the topic Job (TopicProvisionerMain): its list of topics is package-private
        Method wanted = Class.forName("io.clayenrichment.common.topics.TopicProvisionerMain")
                .getDeclaredMethod("wanted", Env.class);
        wanted.setAccessible(true);
        wanted.invoke(null, Env.recording(Map.of(), sink));
        names.add(KAFKA_FAMILY);
        names.addAll(logbackVariables());
        return names;
    }

    /** ${LOG_LEVEL:-INFO} in the services' logback.xml. */
    private static Set<String> logbackVariables() throws IOException {
        Set<String> names = new TreeSet<>();
        for (String module : new String[] {"webhook-receiver", "enrichment-service", "deploy/clay-sandbox"}) {
            Path logback = REPO.resolve(module).resolve("src/main/resources/logback.xml");
            Matcher matcher = LOGBACK.matcher(Files.readString(logback, StandardCharsets.UTF_8));
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }

    /** The names in the first column of the reference table (between the settings markers). */
    static Set<String> documented(String doc) {
        int begin = doc.indexOf("<!-- settings:begin -->");
        int end = doc.indexOf("<!-- settings:end -->");
        assertThat(begin).as("settings markers in docs/configuration.md").isNotNegative().isLessThan(end);
        Set<String> names = new TreeSet<>();
        try (Stream<String> rows = doc.substring(begin, end).lines()) {
            rows.filter(row -> row.startsWith("| `")).forEach(row -> {
                Matcher name = NAME.matcher(row.substring(1, row.indexOf('|', 1)));
                while (name.find()) {
                    names.add(name.group(1));
                }
            });
        }
        return names;
    }
}
