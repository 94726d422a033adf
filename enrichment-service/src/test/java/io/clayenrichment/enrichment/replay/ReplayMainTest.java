package io.clayenrichment.enrichment.replay;

import static io.clayenrichment.common.deadletter.DeadLetterReason.BUDGET_EXHAUSTED;
import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.enrichment.EnrichmentServiceMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The command through the jar's real main class, in a child JVM: arguments, exit code and output as an operator sees them. */
class ReplayMainTest {

    private record Exit(int code, String output, String errors) {

        String lastErrorLine() {
            List<String> lines = errors.strip().lines().toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }
    }

    private static Exit main(DeadLetterFixture dlq, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                EnrichmentServiceMain.class.getName()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile("dlq-replay-", ".out");
        Path errors = Files.createTempFile("dlq-replay-", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(output.toFile())
                .redirectError(errors.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("KAFKA_") || name.startsWith("TOPIC_"));
        builder.environment().putAll(dlq.env);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("dlq replay did not exit: " + Files.readString(errors));
        }
        return new Exit(process.exitValue(), Files.readString(output), Files.readString(errors));
    }

    @Test
    void mainRunsTheCommandInsteadOfTheService() throws Exception {
        DeadLetterFixture dlq = new DeadLetterFixture("replay-main");
        dlq.request(0, "r1", BUDGET_EXHAUSTED, "acme", Instant.parse("2026-11-27T09:00:00Z"));

        Exit replay = main(dlq, "dlq", "replay", "--tenant", "acme");
        Exit usage = main(dlq, "dlq", "replay", "--reason", "over_budget");

        assertThat(replay.code()).as(replay.errors()).isZero();
        assertThat(replay.output()).contains("dead letters read: 1, matching: 1, replayed: 1");
        assertThat(dlq.replayed()).hasSize(1);
        assertThat(usage.code()).isEqualTo(2);
        // (the test classpath holds two logback-test.xml, so logback prints status lines first; the jar does not)
        assertThat(usage.lastErrorLine()).startsWith("dlq replay: --reason: unknown reason 'over_budget'");
        assertThat(usage.output()).doesNotContain("dead letters read");
    }
}
