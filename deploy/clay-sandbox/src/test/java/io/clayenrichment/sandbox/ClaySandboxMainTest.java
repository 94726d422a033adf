package io.clayenrichment.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The program as it is deployed: configured by environment variables, stopped by SIGTERM. */
class ClaySandboxMainTest {

    private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)");

    private static Process launch(Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), ClaySandboxMain.class.getName())
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("SANDBOX_"));
        builder.environment().putAll(env);
        return builder.start();
    }

    private static List<String> collectOutput(Process process) {
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    @Test
    void aBadSettingStopsTheProgramWithOneLineNamingIt() throws Exception {
        Process process = launch(Map.of("SANDBOX_ERROR_RATE", "2"));
        List<String> output = collectOutput(process);

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> !output.isEmpty());
        assertThat(output).anySatisfy(line -> assertThat(line)
                .isEqualTo("clay-sandbox: SANDBOX_ERROR_RATE=2.0 is invalid: expected a number from 0 to 1"));
    }

    @Test
    void itStartsFromTheEnvironmentAndSavesItsStateOnSigterm(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("state.json");
        Process process = launch(Map.of("SANDBOX_PORT", "0", "SANDBOX_HOST", "127.0.0.1",
                "SANDBOX_SOURCES", "only-one", "SANDBOX_STATE_FILE", state.toString()));
        List<String> output = collectOutput(process);
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> output.stream().anyMatch(l -> LISTENING.matcher(l).find()));
            Matcher listening = output.stream().map(LISTENING::matcher).filter(Matcher::find).findFirst().orElseThrow();
            URI base = URI.create(listening.group(1));
            assertThat(output).anySatisfy(line -> assertThat(line).contains(base + "/webhooks/only-one"));

            SandboxHttp.Answer accepted = SandboxHttp.postRow(base.resolve("/webhooks/only-one"),
                    Map.of("email", "ada@example.com"));
            assertThat(accepted.status()).isEqualTo(200);
        } finally {
            // SIGTERM through the handle: Process.destroy() would also close the output we still read.
            process.toHandle().destroy();
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> output.stream().anyMatch(l -> l.contains("sandbox stopped")));
        assertThat(Files.readString(state)).contains("\"id\":\"only-one\"", "\"submissions\":1");
    }
}
