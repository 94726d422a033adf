package io.clayenrichment.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The main Java sources of every module of the build, for tests that hold the whole code base to a
 * rule (no topic name outside the registry, no Kafka internals). The modules are the root pom's, so
 * a new module is checked without anyone listing it; tests of any module find the root by walking
 * up from their working folder.
 */
public final class MainSources {

    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

    /** A string literal of a source file, and where it is. */
    public record Literal(Path file, int line, String value) {
        @Override
        public String toString() {
            return root().relativize(file) + ":" + line + " \"" + value + "\"";
        }
    }

    private MainSources() {}

    /** The folder of the root pom, the one that lists {@code common} among its modules. */
    public static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path pom = dir.resolve("pom.xml");
            if (Files.isRegularFile(pom) && MODULE.matcher(read(pom)).results()
                    .anyMatch(module -> module.group(1).strip().equals("common"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no root pom listing the module common above " + Path.of("").toAbsolutePath());
    }

    /** Every {@code src/main/java} file of every module of the root pom. */
    public static List<Path> files() {
        Path root = root();
        List<Path> files = new ArrayList<>();
        MODULE.matcher(read(root.resolve("pom.xml"))).results().map(module -> module.group(1).strip())
                .map(module -> root.resolve(module).resolve("src/main/java")).filter(Files::isDirectory)
                .forEach(main -> {
                    try (Stream<Path> walk = Files.walk(main)) {
                        walk.filter(file -> file.toString().endsWith(".java")).sorted().forEach(files::add);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
        return files;
    }

    /** The source of {@code file} without its comments and with its literals empty, lines where they were. */
    public static String code(Path file) {
        StringBuilder code = new StringBuilder();
        scan(read(file), (line, literal) -> { }, code);
        return code.toString();
    }

    /** The string literals of {@code file} (text blocks too), comments skipped. */
    public static List<Literal> literals(Path file) {
        List<Literal> literals = new ArrayList<>();
        scan(read(file), (line, value) -> literals.add(new Literal(file, line, value)), new StringBuilder());
        return literals;
    }

    private interface LiteralSink {
        void found(int line, String value);
    }

    /**
     * A small Java lexer: enough to tell comments, character literals, string literals and text
     * blocks apart. Escapes in a literal are kept as written but for {@code \"} and {@code \\}.
     */
    private static void scan(String source, LiteralSink sink, StringBuilder code) {
        int line = 1;
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? source.length() : end;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                int stop = end < 0 ? source.length() : end + 2;
                int lines = count(source, i, stop);
                line += lines;
                code.append(" ").append("\n".repeat(lines));
                i = stop;
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                int stop = end < 0 ? source.length() : end;
                sink.found(line, unescape(source.substring(source.indexOf('\n', i) + 1, stop)).stripIndent());
                int lines = count(source, i, stop);
                line += lines;
                code.append("\"\"").append("\n".repeat(lines));
                i = stop + 3;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < source.length() && source.charAt(j) != c && source.charAt(j) != '\n') {
                    j += source.charAt(j) == '\\' ? 2 : 1;
                }
                if (c == '"') {
                    sink.found(line, unescape(source.substring(i + 1, Math.min(j, source.length()))));
                }
                code.append(c).append(c);
                i = j + 1;
            } else {
                if (c == '\n') {
                    line++;
                }
                code.append(c);
                i++;
            }
        }
    }

    private static int count(String source, int from, int to) {
        int lines = 0;
        for (int i = from; i < to; i++) {
            if (source.charAt(i) == '\n') {
                lines++;
            }
        }
        return lines;
    }

    private static String unescape(String literal) {
        return literal.replace("\\\"", "\"").replace("\\\\", "\\");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
