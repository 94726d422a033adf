package io.clayenrichment.helm;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real container registry (Debian's {@code docker-registry}, the CNCF distribution registry) run as
 * a child process on a free port of 127.0.0.1, plain HTTP, no auth, storing in a scratch folder.
 */
final class LocalRegistry implements AutoCloseable {

    static final String EXECUTABLE = "docker-registry";
    /** The registry picks the port (addr :0) and logs it; reading it back leaves no race for a port. */
    private static final Pattern LISTENING = Pattern.compile("listening on (127\\.0\\.0\\.1:\\d+)");

    private final Process process;
    private final String address;

    private LocalRegistry(Process process, String address) {
        this.process = process;
        this.address = address;
    }

    /** The registry program on the PATH, if installed. */
    static Optional<Path> executable() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, EXECUTABLE))
                .filter(Files::isExecutable)
                .findFirst();
    }

    static LocalRegistry start(Path executable, Path scratch) throws IOException {
        Path storage = Files.createDirectories(scratch.resolve("storage"));
        Path config = scratch.resolve("config.yml");
        Files.writeString(config, """
                version: 0.1
                log:
                  level: info
                  formatter: text
                storage:
                  filesystem:
                    rootdirectory: '%s'
                http:
                  addr: 127.0.0.1:0
                  secret: '%s'
                """.formatted(storage.toAbsolutePath(), UUID.randomUUID()));
        Path log = scratch.resolve("registry.log");
        Process process = new ProcessBuilder(executable.toString(), "serve", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            String address = await("docker-registry to log its address in " + log)
                    .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> listeningAddress(process, log), Optional::isPresent).orElseThrow();
            return new LocalRegistry(process, address);
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private static Optional<String> listeningAddress(Process process, Path log) throws IOException {
        String output = Files.readString(log);
        if (!process.isAlive()) {
            throw new IllegalStateException("docker-registry exited with " + process.exitValue() + ":\n" + output);
        }
        Matcher listening = LISTENING.matcher(output);
        return listening.find() ? Optional.of(listening.group(1)) : Optional.empty();
    }

    /** host:port, the registry part of an image reference. */
    String address() {
        return address;
    }

    RegistryApi api() {
        return new RegistryApi(address);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
