package io.clayenrichment.helm;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A child {@code mvn} run as a user types it, in a copy of the sources without any build output: the
 * outer build's jars stay untouched (its other tests may have them open), and the child shows what a
 * fresh clone does, {@code common} included, with no {@code mvn install}.
 */
final class MavenRun {

    /** The repository, seen from this module (surefire runs in the module folder). */
    static final Path REPOSITORY_ROOT = Path.of("../..");

    private MavenRun() {
    }

    /**
     * The Maven of the outer build (surefire passes its maven.home), else the first mvn on the PATH.
     */
    static Optional<Path> executable() {
        String home = System.getProperty("maven.home", "");
        Stream<Path> candidates = Stream.concat(home.isBlank() ? Stream.empty() : Stream.of(Path.of(home, "bin")),
                Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                        .filter(dir -> !dir.isBlank()).map(Path::of));
        return candidates.map(dir -> dir.resolve("mvn")).filter(Files::isExecutable).findFirst();
    }

    /** Copies the repository's sources to {@code target}, leaving out build output and hidden folders but .mvn. */
    static Path copySources(Path target) throws IOException {
        Path root = REPOSITORY_ROOT.toAbsolutePath().normalize();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                String name = dir.getFileName().toString();
                if (!dir.equals(root) && (name.equals("target") || name.startsWith(".") && !name.equals(".mvn"))) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(target.resolve(root.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.copy(file, target.resolve(root.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
        return target;
    }

    /**
     * Runs {@code mvn <arguments>} in {@code project} with the outer build's JDK and local repository;
     * fails with the end of its output when it does not succeed within {@code timeout}.
     */
    static void run(Path maven, Path project, List<String> arguments, Path log, Duration timeout)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(maven.toString());
        command.addAll(arguments);
        String localRepository = System.getProperty("maven.repo.local", "");
        if (!localRepository.isBlank()) {
            command.add("-Dmaven.repo.local=" + localRepository);
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(project.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            process.waitFor(20, TimeUnit.SECONDS);
            throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + ":\n" + tail(log));
        }
        if (process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed with " + process.exitValue() + ":\n" + tail(log));
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
