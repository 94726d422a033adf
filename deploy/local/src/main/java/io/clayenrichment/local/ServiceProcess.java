package io.clayenrichment.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One of the platform's services run as a child process ({@code java -jar}), configured only by
 * environment variables like in production, with its output in a log file.
 */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path jar;
    private final Map<String, String> environment;
    private final URI readinessUrl;
    private final Path logFile;
    private Process process;

    ServiceProcess(String name, Path jar, Map<String, String> environment, URI readinessUrl, Path logFile) {
        this.name = name;
        this.jar = jar;
        this.environment = Map.copyOf(environment);
        this.readinessUrl = readinessUrl;
        this.logFile = logFile;
    }

    String name() {
        return name;
    }

    Path logFile() {
        return logFile;
    }

    void start(Duration readyWithin) throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException(jar + " is missing: build it first with `mvn -B -DskipTests package`");
        }
        Files.createDirectories(logFile.getParent());
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar",
                jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
        awaitReady(readyWithin);
    }

    private void awaitReady(Duration within) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(within);
        HttpRequest probe = HttpRequest.newBuilder(readinessUrl).timeout(Duration.ofSeconds(2)).GET().build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with code " + process.exitValue() + "; see " + logFile);
            }
            try {
                if (HTTP.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IOException(name + " was not ready at " + readinessUrl + " within " + within + "; see " + logFile);
    }

    boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** SIGTERM, so the service shuts down gracefully as it would in Kubernetes. */
    @Override
    public void close() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(40, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        process = null;
    }
}
