package io.clayenrichment.enrichment.replay;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Progress of a long run on stderr: a bar redrawn in place on a terminal, else (logs, pipes) a
 * line at most every {@link #LINE_EVERY}, so output stays readable in both.
 */
final class Progress {

    static final Duration LINE_EVERY = Duration.ofSeconds(5);
    private static final int BAR_WIDTH = 30;

    private final PrintStream err;
    private final boolean terminal;
    private final Clock clock;
    private Instant lastLine;
    private boolean drawn;

    Progress(PrintStream err, boolean terminal, Clock clock) {
        this.err = err;
        this.terminal = terminal;
        this.clock = clock;
        this.lastLine = clock.instant();
    }

    void update(long done, long total) {
        long percent = total <= 0 ? 100 : Math.min(100, done * 100 / total);
        if (terminal) {
            int filled = (int) (percent * BAR_WIDTH / 100);
            err.print("\r[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "] " + percent + "% " + done
                    + "/" + total);
            err.flush();
            drawn = true;
        } else if (!clock.instant().isBefore(lastLine.plus(LINE_EVERY))) {
            err.println("dlq replay: " + done + " of about " + total + " dead letters read (" + percent + "%)");
            lastLine = clock.instant();
        }
    }

    void finish() {
        if (drawn) {
            err.println();
        }
    }
}
