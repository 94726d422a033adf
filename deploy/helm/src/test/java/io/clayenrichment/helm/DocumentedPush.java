package io.clayenrichment.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The push to a user's registry as docs/kubernetes.md shows it: the {@code mvn … jib:build} command
 * and the values block that points the chart at the pushed images, both written for the registry
 * {@value #PLACEHOLDER}, which a test replaces with its own.
 */
record DocumentedPush(String command, String values) {

    static final Path PAGE = Path.of("../../docs/kubernetes.md");
    static final String PLACEHOLDER = "registry.example.com/team";
    /** The first line of the values block, so the test finds the one the page means. */
    static final String VALUES_HEADER = "# my-values.yaml: the images pushed above";

    private static final Pattern COMMAND = Pattern.compile("(?m)^mvn -B package jib:build (?:.*\\\\\\n)*.*$");
    private static final Pattern VALUES = Pattern.compile("```yaml\\n" + Pattern.quote(VALUES_HEADER) + "\\n(.*?)```",
            Pattern.DOTALL);

    static DocumentedPush read() {
        String page = read(PAGE);
        Matcher values = VALUES.matcher(page);
        if (!values.find()) {
            throw new AssertionError(PAGE + " has no ```yaml block starting with \"" + VALUES_HEADER + "\"");
        }
        String command = pushCommandIn(page)
                .orElseThrow(() -> new AssertionError(PAGE + " shows no `mvn -B package jib:build` command for " + PLACEHOLDER));
        return new DocumentedPush(command, values.group(1));
    }

    /**
     * The first {@code mvn -B package jib:build} command of a page that pushes to the placeholder
     * registry, on one line (continuation lines joined, a trailing comment left out).
     */
    static Optional<String> pushCommandIn(String markdown) {
        Matcher command = COMMAND.matcher(markdown);
        while (command.find()) {
            String line = command.group().replaceAll("\\\\\\n", " ").replaceFirst("\\s+#.*$", "").replaceAll("\\s+", " ").strip();
            if (line.contains(PLACEHOLDER)) {
                return Optional.of(line);
            }
        }
        return Optional.empty();
    }

    /** The command's arguments after {@code mvn}, for the given registry (host:port). */
    List<String> mavenArguments(String registry) {
        if (command.matches(".*[\"'$`].*")) {
            throw new AssertionError("the documented command needs a shell to run (quotes or variables): " + command);
        }
        List<String> words = Arrays.asList(command.replace(PLACEHOLDER, registry).split(" "));
        return words.subList(1, words.size());
    }

    /** The value of a {@code -Dname=value} property of the command, for the given registry. */
    String property(String name, String registry) {
        return mavenArguments(registry).stream().filter(word -> word.startsWith("-D" + name + "="))
                .map(word -> word.substring(name.length() + 3)).findFirst()
                .orElseThrow(() -> new AssertionError("the documented command sets no -D" + name + ": " + command));
    }

    String values(String registry) {
        return values.replace(PLACEHOLDER, registry);
    }

    static String read(Path page) {
        try {
            return Files.readString(page);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
