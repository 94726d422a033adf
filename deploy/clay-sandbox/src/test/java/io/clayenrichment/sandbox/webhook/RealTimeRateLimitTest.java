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
            List<Integer> statuses = sendPaced(sandbox.webhookUrl("table-1"), 40, RATE);

            assertThat(statuses).containsOnly(200);
            assertThat(sandbox.stats().accepted()).isEqualTo(40);
            // One request in flight, sends 1/RATE apart: any one second of arrivals holds at most RATE + 1.
            assertThat(sandbox.stats().maxObservedRate()).isBetween(1, (int) RATE + 1);
        }
    }

    @Test
    void aClientAtTwiceTheRateIsRefusedWithRetryAfter() {
        // A slow rate, so even a loaded machine sends faster than it: to be never refused, each of these
        // requests would have to take longer than half a second.
        try (ClaySandbox sandbox = ClaySandbox.start(testSettings().rateLimit(2, 2).build())) {
            URI webhook = sandbox.webhookUrl("table-1");
            List<Answer> answers = new ArrayList<>();
            long interval = 250_000_000L;
            long due = System.nanoTime();
            for (int i = 0; i < 12; i++) {
                for (long now = System.nanoTime(); now < due; now = System.nanoTime()) {
                    LockSupport.parkNanos(due - now);
                }
                due = System.nanoTime() + interval;
                answers.add(postRow(webhook, Map.of("email", "fast" + i + "@example.com")));
            }

            List<Answer> refused = answers.stream().filter(a -> a.status() == 429).toList();
            assertThat(refused).isNotEmpty().allSatisfy(a -> assertThat(a.retryAfter()).isEqualTo("1"));
            assertThat(answers).allSatisfy(a -> assertThat(a.status()).isIn(200, 429));
            assertThat(sandbox.stats().accepted() + refused.size()).isEqualTo(12);
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
