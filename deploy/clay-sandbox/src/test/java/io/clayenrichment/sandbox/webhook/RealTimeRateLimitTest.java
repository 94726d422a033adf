package io.clayenrichment.sandbox.webhook;

import static io.clayenrichment.sandbox.SandboxHttp.postRow;
import static io.clayenrichment.sandbox.SandboxHttp.testSettings;
import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.sandbox.ClaySandbox;
import io.clayenrichment.sandbox.SandboxHttp.Answer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The rate limit against the wall clock: a client pacing itself at exactly the configured rate is
 * never refused, and one sending twice as fast is. Pacing needs real time; nothing here asserts speed.
 */
class RealTimeRateLimitTest {

    private static final double RATE = 20;
    private static final int BURST = 10;

    /**
     * Sends {@code count} rows, each at least {@code 1 / perSecond} after the one before: a client that
     * ran late does not catch up in a burst, so it never exceeds the rate over any interval.
     */
    private static List<Integer> sendPaced(URI webhook, int count, double perSecond) {
        List<Integer> statuses = new ArrayList<>();
        long interval = (long) (1e9 / perSecond);
        long due = System.nanoTime();
        for (int i = 0; i < count; i++) {
            for (long now = System.nanoTime(); now < due; now = System.nanoTime()) {
                LockSupport.parkNanos(due - now);
            }
            due = System.nanoTime() + interval;
            Answer answer = postRow(webhook, Map.of("email", "pace" + i + "@example.com"));
            statuses.add(answer.status());
        }
        return statuses;
    }

    @Test
    void aClientAtExactlyTheConfiguredRateIsNeverRefused() {
        try (ClaySandbox sandbox = ClaySandbox.start(testSettings().rateLimit(RATE, BURST).build())) {
            List<Integer> statuses = sendPaced(sandbox.webhookUrl("table-1"), 60, RATE);

            assertThat(statuses).containsOnly(200);
            assertThat(sandbox.stats().accepted()).isEqualTo(60);
            // The server saw no more than the rate plus what network jitter bunches into the burst.
            assertThat(sandbox.stats().maxObservedRate()).isBetween((int) RATE, (int) RATE + BURST);
        }
    }

    @Test
    void aClientAtTwiceTheRateIsRefused() {
        try (ClaySandbox sandbox = ClaySandbox.start(testSettings().rateLimit(RATE, BURST).build())) {
            List<Integer> statuses = sendPaced(sandbox.webhookUrl("table-1"), 60, 2 * RATE);

            long refused = statuses.stream().filter(s -> s == 429).count();
            // 60 requests over at least 1.5 s: at 40 per second they outrun 20 per second plus a burst of 10
            // unless the machine is so slow each request takes 50 ms; then the sends are spaced at 20/s.
            assertThat(refused).isGreaterThanOrEqualTo(1);
            assertThat(statuses).containsOnly(200, 429);
            assertThat(sandbox.stats().accepted() + refused).isEqualTo(60);
        }
    }

    @Test
    void aSlowAnswerIsHeldBackButTheRowIsAccepted() {
        try (ClaySandbox sandbox = ClaySandbox.start(testSettings().build())) {
            sandbox.faults().slow(1, Duration.ofMillis(400));
            long start = System.nanoTime();
            Answer answer = postRow(sandbox.webhookUrl("table-1"), Map.of("email", "slow@example.com"));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(answer.status()).isEqualTo(200);
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(400));
            assertThat(sandbox.stats().accepted()).isEqualTo(1);

            sandbox.faults().slow(0, Duration.ofMillis(400));
            assertThat(postRow(sandbox.webhookUrl("table-1"), Map.of("email", "fast@example.com")).status())
                    .isEqualTo(200);
        }
    }
}
