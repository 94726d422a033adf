package io.clayenrichment.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.testing.MainSources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * No main code of any module uses a library's {@code internals} packages (Kafka's change without
 * notice between releases: an upgrade would break the build, or worse, what goes on the wire),
 * whether imported or written out in full. Kafka's own examples construct {@code RecordHeaders},
 * which has no public alternative: it and {@code RecordHeader} are the exceptions.
 */
class KafkaInternalsTest {

    private static final Set<String> ALLOWED = Set.of("org.apache.kafka.common.header.internals.RecordHeaders",
            "org.apache.kafka.common.header.internals.RecordHeader");
    /** A qualified name through an {@code internals} package: {@code a.b.internals.C}, or {@code a.b.internals.*}. */
    private static final Pattern INTERNAL = Pattern.compile("\\b[a-z]\\w*(?:\\s*\\.\\s*[a-z]\\w*)*\\s*\\.\\s*internals"
            + "\\s*\\.\\s*(?:\\w+|\\*)");

    @Test
    void noMainSourceUsesAnInternalsPackageButRecordHeaders() {
        List<String> uses = new ArrayList<>();
        for (Path file : MainSources.files()) {
            uses.addAll(internalNames(file).stream().filter(name -> !ALLOWED.contains(name))
                    .map(name -> MainSources.root().relativize(file) + ": " + name).toList());
        }

        assertThat(uses).as("internal packages in main code; use the public API instead").isEmpty();
    }

    /** The check finds what it looks for: RecordHeaders is imported in main code today. */
    @Test
    void theScanSeesTheAllowedImports() {
        assertThat(MainSources.files().stream().flatMap(file -> internalNames(file).stream()))
                .contains("org.apache.kafka.common.header.internals.RecordHeaders");
    }

    private static List<String> internalNames(Path file) {
        List<String> names = new ArrayList<>();
        Matcher matcher = INTERNAL.matcher(MainSources.code(file));
        while (matcher.find()) {
            names.add(matcher.group().replaceAll("\\s", ""));
        }
        return names;
    }
}
