package io.clayenrichment.enrichment.dispatch;

import io.clayenrichment.common.json.Json;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real HTTP server standing in for Clay's table webhooks (the sandbox is not ready yet). Each
 * request is answered by a script (status, body, Retry-After, delay, or held until released), and
 * everything received is recorded with its headers, body and arrival time. Optionally it enforces a
 * workspace rate limit with the same token bucket as the dispatcher, answering 429 when exceeded.
 */
public final class ScriptedClay implements AutoCloseable {

    /** One request as the server saw it. */
    public record Received(String webhook, Map<String, String> headers, String body, long arrivedNanos, int answeredStatus) {

        public Map<String, Object> json() {
            @SuppressWarnings("unchecked")
            Map<String, Object> parsed = Json.read(body, Map.class);
            return parsed;
        }

        public String correlationId() {
            return (String) json().get("correlation_id");
        }

        public String contactKey() {
            return (String) json().get("contact_key");
        }

        public boolean accepted() {
            return answeredStatus >= 200 && answeredStatus < 300;
        }
    }

    /** How to answer one request. */
    public record Answer(int status, String body, String retryAfter, Duration delay, CompletableFuture<Void> heldUntil) {

        public static Answer ok() {
            return new Answer(200, "{\"status\":\"ok\"}", null, Duration.ZERO, null);
        }

        public static Answer status(int status, String body) {
            return new Answer(status, body, null, Duration.ZERO, null);
        }

        Answer retryAfter(String value) {
            return new Answer(status, body, value, delay, heldUntil);
        }

        Answer after(Duration wait) {
            return new Answer(status, body, retryAfter, wait, heldUntil);
        }

        Answer heldUntil(CompletableFuture<Void> release) {
            return new Answer(status, body, retryAfter, delay, release);
        }
    }

    /** Chooses the answer for a request; {@code seenBefore} counts earlier requests with the same correlation id. */
    public interface Script {
        Answer answer(String webhook, Map<String, Object> row, int seenBefore);
    }

    private final Javalin server;
    private final List<Received> received = new ArrayList<>();
    private volatile Script script = (webhook, row, seen) -> Answer.ok();
    private volatile WorkspaceLimit workspaceLimit;

    public ScriptedClay() {
        server = Javalin.create(config -> {
            config.jetty.port = 0;
            config.jetty.host = "127.0.0.1";
            config.routes.post("/hook/{name}", this::handle);
        }).start();
    }

    public URI url(String webhook) {
        return URI.create("http://127.0.0.1:" + server.port() + "/hook/" + webhook);
    }

    public void script(Script next) {
        script = next;
    }

    /**
     * From now on answers 429 (Retry-After: 1) to any request beyond {@code rate}/s with bursts of
     * {@code burst}, like Clay's workspace limit: a bucket that starts full. Written apart from the
     * dispatcher's {@link TokenBucket} so the test does not check the bucket against itself.
     */
    void enforceRateLimit(double rate, int burst) {
        workspaceLimit = new WorkspaceLimit(rate, burst);
    }

    private static final class WorkspaceLimit {
        private final double ratePerNano;
        private final double burst;
        private double tokens;
        private long last = System.nanoTime();

        WorkspaceLimit(double ratePerSecond, double burst) {
            this.ratePerNano = ratePerSecond / 1e9;
            this.burst = burst;
            this.tokens = burst;
        }

        synchronized boolean admit(long now) {
            tokens = Math.min(burst, tokens + (now - last) * ratePerNano);
            last = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }

    public synchronized List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> received(Predicate<Received> which) {
        return received().stream().filter(which).toList();
    }

    public List<Received> accepted() {
        return received(Received::accepted);
    }

    private void handle(Context ctx) throws Exception {
        long arrived = System.nanoTime();
        String webhook = ctx.pathParam("name");
        String body = ctx.body();
        Map<String, String> headers = new TreeMap<>();
        ctx.headerMap().forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
        Answer answer;
        WorkspaceLimit limit = workspaceLimit;
        if (limit != null && !limit.admit(arrived)) {
            answer = Answer.status(429, "{\"error\":\"rate_limited\"}").retryAfter("1");
        } else {
            @SuppressWarnings("unchecked")
            Map<String, Object> row = Json.read(body, Map.class);
            answer = script.answer(webhook, row, seenBefore(row.get("correlation_id")));
        }
        synchronized (this) {
            received.add(new Received(webhook, headers, body, arrived, answer.status()));
        }
        if (answer.heldUntil() != null) {
            answer.heldUntil().get(30, TimeUnit.SECONDS);
        }
        if (!answer.delay().isZero()) {
            // Simulates a slow Clay; the server's own thread waits, not the test.
            Thread.sleep(answer.delay().toMillis());
        }
        if (answer.retryAfter() != null) {
            ctx.header("Retry-After", answer.retryAfter());
        }
        ctx.status(answer.status()).contentType("application/json").result(answer.body());
    }

    private synchronized int seenBefore(Object correlationId) {
        return (int) received.stream().filter(r -> correlationId != null && correlationId.equals(r.correlationId()))
                .count();
    }

    @Override
    public void close() {
        server.stop();
    }
}
