package io.clayenrichment.enrichment.service;

import io.clayenrichment.enrichment.EnrichmentServiceMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The enrichment service as a child JVM (the real main class), which a test can kill without warning. */
public final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private ServiceProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static ServiceProcess start(Map<String, String> env) throws IOException {
        return launch(List.of("-cp", System.getProperty("java.class.path"), EnrichmentServiceMain.class.getName()),
                env);
    }

    /** Another build of the service: its runnable jar (for example the previous version, in an upgrade test). */
    public static ServiceProcess startJar(Path jar, Map<String, String> env) throws IOException {
        return launch(List.of("-jar", jar.toString()), env);
    }

    private static ServiceProcess launch(List<String> what, Map<String, String> env) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx384m");
        command.addAll(what);
        Path log = Files.createTempFile("enrichment-service-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(name -> name.startsWith("KAFKA_"));
        builder.environment().putAll(env);
        return new ServiceProcess(builder.start(), log);
    }

    /** SIGKILL: no shutdown hook, no commit, no clean close of state. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM, as Kubernetes stops a pod: the service closes Streams and HTTP itself. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
