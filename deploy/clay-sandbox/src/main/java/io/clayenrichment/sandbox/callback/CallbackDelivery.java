package io.clayenrichment.sandbox.callback;

import io.clayenrichment.sandbox.stats.StatsRecorder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts callbacks as Clay's HTTP API column does, from a bounded pool of workers. A 5xx, a 429 or an
 * I/O error is retried a few times, waiting what {@code Retry-After} asks (or a doubling backoff);
 * any other answer, or running out of retries, counts the delivery as failed. Waits are scheduled,
 * so no worker sleeps.
 */
public final class CallbackDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackDelivery.class);
    static final String SECRET_HEADER = "X-Clay-Callback-Secret";
    private static final Duration LONGEST_WAIT = Duration.ofMinutes(1);

    private final URI url;
    private final String secret;
    private final int retries;
    private final Duration backoff;
    private final Duration timeout;
    private final ExecutorService workers;
    private final ScheduledExecutorService scheduler;
    private final StatsRecorder stats;
    private final Clock clock;
    private final HttpClient client;

    public CallbackDelivery(URI url, String secret, int retries, Duration backoff, Duration timeout,
            ExecutorService workers, ScheduledExecutorService scheduler, StatsRecorder stats, Clock clock) {
        this.url = url;
        this.secret = secret;
        this.retries = retries;
        this.backoff = backoff;
        this.timeout = timeout;
        this.workers = workers;
        this.scheduler = scheduler;
        this.stats = stats;
        this.clock = clock;
        // The client keeps its own internal threads: giving it the workers would let blocked sends
        // starve it of the thread that completes them.
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public URI url() {
        return url;
    }

    /** Delivers {@code body} (about row {@code label}), then runs {@code done} whatever the outcome. */
    public void deliver(byte[] body, String label, Runnable done) {
        submit(() -> attempt(body, label, 0, done), done);
    }

    private void attempt(byte[] body, String label, int attempt, Runnable done) {
        String problem;
        Duration wait = null;
        try {
            HttpResponse<Void> response = client.send(request(body), HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                stats.callbackSent();
                done.run();
                return;
            }
            problem = "HTTP " + status;
            if (status < 500 && status != 429) {
                fail(label, problem + " (not retried)", done);
                return;
            }
            wait = RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), clock.instant(),
                    LONGEST_WAIT).orElse(null);
        } catch (IOException e) {
            problem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(label, "interrupted by shutdown", done);
            return;
        }
        if (attempt >= retries) {
            fail(label, problem + " after " + (attempt + 1) + " attempts", done);
            return;
        }
        Duration delay = wait != null ? wait : backoff.multipliedBy(1L << Math.min(attempt, 16));
        stats.callbackRetried();
        LOG.debug("callback for {} got {}; retry {} of {} in {} ms", label, problem, attempt + 1, retries,
                delay.toMillis());
        try {
            scheduler.schedule(() -> submit(() -> attempt(body, label, attempt + 1, done), done),
                    delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            fail(label, problem + "; no retry, the sandbox is stopping", done);
        }
    }

    private HttpRequest request(byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (!secret.isEmpty()) {
            request.header(SECRET_HEADER, secret);
        }
        return request.build();
    }

    private void submit(Runnable task, Runnable done) {
        try {
            workers.execute(task);
        } catch (RejectedExecutionException stopping) {
            stats.callbackFailed();
            done.run();
        }
    }

    private void fail(String label, String problem, Runnable done) {
        stats.callbackFailed();
        LOG.warn("callback for {} to {} failed: {}", label, url, problem);
        done.run();
    }
}
