package io.clayenrichment.enrichment.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ProgressTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    /** A clock the test moves by hand. */
    private static final class Hand extends Clock {
        Instant now = Instant.parse("2026-11-27T09:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void withoutTerminalWritesALineAtMostEveryFiveSeconds() {
        Hand clock = new Hand();
        Progress progress = new Progress(err, false, clock);

        progress.update(10, 100);
        clock.now = clock.now.plus(Progress.LINE_EVERY);
        progress.update(50, 100);
        clock.now = clock.now.plus(Duration.ofSeconds(1));
        progress.update(60, 100);
        progress.finish();

        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .isEqualTo("dlq replay: 50 of about 100 dead letters read (50%)" + System.lineSeparator());
    }

    @Test
    void onATerminalRedrawsABarInPlaceAndEndsTheLine() {
        Progress progress = new Progress(err, true, new Hand());

        progress.update(15, 30);
        progress.update(30, 30);
        progress.finish();

        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(
                "\r[###############...............] 50% 15/30\r[##############################] 100% 30/30"
                        + System.lineSeparator());
    }
}
