package io.clayenrichment.enrichment.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.deadletter.DeadLetterReason;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ReplayUsageTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "dlq replay --reason nope | unknown reason 'nope'",
        "dlq replay --from yesterday | --from: 'yesterday' is not an ISO instant",
        "dlq replay --tenant | --tenant needs a value",
        "dlq replay --tenant --dry-run | --tenant needs a value",
        "dlq replay --max-replays 0 | --max-replays: '0' is not a positive whole number",
        "dlq replay --bogus | unknown option '--bogus'",
        "dlq replay --from 2026-11-27T10:00:00Z --to 2026-11-27T09:00:00Z | must be before --to",
        "dlq purge | unknown command 'dlq purge'",
        "replay | unknown command 'replay'",
    })
    void badUsageExitsWithTwoAndOneClearLine(String args, String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = ReplayCommand.run(List.of(args.split(" ")), new Env(Map.of()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                false);

        assertThat(exit).isEqualTo(ReplayCommand.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(message).hasLineCount(1);
        assertThat(out.size()).isZero();
    }

    @Test
    void badSettingExitsWithTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ReplayCommand.run(List.of("dlq", "replay"), new Env(Map.of("TOPIC_PARTITIONS", "many")),
                System.out, new PrintStream(err, true, StandardCharsets.UTF_8), false);
        assertThat(exit).isEqualTo(ReplayCommand.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("TOPIC_PARTITIONS");
    }

    @Test
    void parsesEveryOption() {
        ReplayOptions options = ReplayOptions.parse(List.of("--reason", "budget_exhausted, clay_rejected",
                "--tenant", "acme", "--from", "2026-11-27T09:00:00Z", "--to", "2026-11-27T10:00:00Z",
                "--max-replays", "5", "--dry-run"));
        assertThat(options.reasons()).containsExactlyInAnyOrder(DeadLetterReason.BUDGET_EXHAUSTED,
                DeadLetterReason.CLAY_REJECTED);
        assertThat(options.tenant()).contains("acme");
        assertThat(options.from()).contains(Instant.parse("2026-11-27T09:00:00Z"));
        assertThat(options.to()).contains(Instant.parse("2026-11-27T10:00:00Z"));
        assertThat(options.maxReplays()).isEqualTo(5);
        assertThat(options.dryRun()).isTrue();
        assertThat(ReplayOptions.parse(List.of()).maxReplays()).isEqualTo(ReplayOptions.DEFAULT_MAX_REPLAYS);
        assertThatThrownBy(() -> ReplayOptions.parse(List.of("--reason", ""))).isInstanceOf(UsageException.class);
    }
}
