package io.clayenrichment.local.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/kafka-security.md} names exactly the bindings of {@link PlatformAcls} (default names), in
 * its table, its kafka-acls.sh commands and its Strimzi KafkaUsers: none missing, none extra. The
 * expected blocks are written to {@code target/kafka-security-acls.md} to paste from after a change.
 */
class KafkaSecurityDocTest {

    private static final Path DOC = Path.of("../../docs/kafka-security.md");
    private static final AclDocument EXPECTED = new AclDocument(PlatformAcls.of(PlatformNames.defaults()));
    private static String doc;

    @BeforeAll
    static void readDocAndWriteExpected() throws Exception {
        doc = Files.readString(DOC, StandardCharsets.UTF_8);
        Files.writeString(Path.of("target/kafka-security-acls.md"), EXPECTED.table() + "\n```sh\n"
                + String.join("\n", EXPECTED.commands()) + "\n```\n\n```yaml\n" + EXPECTED.strimziUsers() + "```\n",
                StandardCharsets.UTF_8);
    }

    @Test
    void theTableListsExactlyTheBindings() {
        assertThat(doc).contains(EXPECTED.table());
        assertThat(doc.lines().filter(KafkaSecurityDocTest::isBindingRow).count()).as("binding rows in the page")
                .isEqualTo(EXPECTED.table().lines().filter(KafkaSecurityDocTest::isBindingRow).count());
    }

    @Test
    void theKafkaAclsCommandsGrantExactlyTheBindings() {
        List<String> commands = EXPECTED.commands();
        assertThat(commands).allSatisfy(command -> assertThat(doc).contains(command));
        assertThat(occurrences("kafka-acls.sh --bootstrap-server")).as("kafka-acls.sh --add commands in the page")
                .isEqualTo(commands.size());
    }

    @Test
    void theStrimziUsersGrantExactlyTheBindings() {
        assertThat(doc).contains(EXPECTED.strimziUsers());
        assertThat(occurrences("kind: KafkaUser")).isEqualTo(Principal.values().length);
    }

    /** A row naming a principal and then a resource type, wherever in the page it stands. */
    private static boolean isBindingRow(String line) {
        return line.matches("\\| `User:[^`]+` \\| (Topic|Group|TransactionalId|Cluster) \\|.*");
    }

    private static int occurrences(String text) {
        return doc.split(java.util.regex.Pattern.quote(text), -1).length - 1;
    }
}
