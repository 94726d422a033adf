package io.clayenrichment.enrichment.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The enrichment service as the build before a change of its internal record format left it: the
 * sources of that commit, taken from this repository's history and packaged by Maven, as a user
 * running that version has it. Built once into {@code target/previous-build} and kept there for later
 * runs of the same commit.
 */
final class PreviousBuild {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final Path CODEC = Path.of("enrichment-service/src/main/java/io/clayenrichment/enrichment/topology"
            + "/BinaryCodec.java");

    private PreviousBuild() {}

    /**
     * The runnable jar of the last commit whose codec wrote {@code version}: the parent of the commit
     * that introduced the next version.
     */
    static Path writingVersion(int version) throws IOException, InterruptedException {
        // a source archive or a shallow clone has no history to build the previous version from
        Assumptions.assumeTrue(Files.exists(REPOSITORY.resolve(".git")), "not a git checkout: the previous"
                + " version is built from this repository's history");
        Assumptions.assumeFalse(git("rev-parse", "--is-shallow-repository").equals("true"), "a shallow clone: the"
                + " previous version is built from this repository's history (git fetch --unshallow)");
        String introducedNext = git("log", "-1", "--format=%H", "-S", "static final byte VERSION = " + (version + 1)
                + ";", "--", CODEC.toString());
        if (introducedNext.isEmpty()) {
            throw new IllegalStateException("no commit in this clone's history introduced internal record version "
                    + (version + 1) + " (a shallow clone? fetch the history: git fetch --unshallow)");
        }
        String commit = git("rev-parse", introducedNext + "^");
        Path tree = Path.of("target", "previous-build", commit.substring(0, 12)).toAbsolutePath();
        Path jar = tree.resolve("enrichment-service/target/enrichment-service.jar");
        if (!Files.exists(jar)) {
            build(commit, tree);
        }
        return jar;
    }

    private static void build(String commit, Path tree) throws IOException, InterruptedException {
        Files.createDirectories(tree);
        Path archive = tree.resolveSibling(tree.getFileName() + ".tar");
        run(REPOSITORY, List.of("git", "archive", "--format=tar", "-o", archive.toString(), commit));
        run(tree, List.of("tar", "-xf", archive.toString()));
        Files.delete(archive);
        // the same Maven and local repository as this build; tests of that version are not this test's business
        run(tree, List.of("mvn", "-B", "-q", "package", "-pl", "common,enrichment-service", "-am",
                "-DskipTests"));
    }

    private static String git(String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", REPOSITORY.toString()));
        command.addAll(List.of(arguments));
        return run(REPOSITORY, command).strip();
    }

    private static String run(Path directory, List<String> command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("previous-build-", ".log");
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in 10 minutes");
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        Files.delete(output);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue() + "):\n"
                    + printed);
        }
        return printed;
    }
}
