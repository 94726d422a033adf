package io.clayenrichment.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.clayenrichment.common.json.Json;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP endpoint standing where the platform's webhook receiver would: it records every
 * callback and answers with scripted statuses (200 once the script runs out).
 */
public final class CallbackCatcher implements AutoCloseable {

    /** One callback as it arrived. */
    public record Caught(String secretHeader, String contentType, JsonNode body, long arrivedNanos) {}

    /** A scripted answer: status and an optional Retry-After. */
    public record Answer(int status, String retryAfter) {}

    private final List<Caught> caught = new CopyOnWriteArrayList<>();
    private final Deque<Answer> script = new ArrayDeque<>();
    private final Javalin app;

    public CallbackCatcher() {
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = "127.0.0.1";
            config.jetty.port = 0;
            config.routes.post("/clay-webhook", ctx -> {
                JsonNode body;
                try {
                    body = Json.mapper().readTree(ctx.bodyAsBytes());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                caught.add(new Caught(ctx.header("X-Clay-Callback-Secret"), ctx.contentType(), body,
                        System.nanoTime()));
                Answer answer;
                synchronized (script) {
                    answer = script.pollFirst();
                }
                if (answer == null) {
                    ctx.status(200).result("{\"status\":\"accepted\"}");
                    return;
                }
                if (answer.retryAfter() != null) {
                    ctx.header("Retry-After", answer.retryAfter());
                }
                ctx.status(answer.status()).result("{\"error\":\"scripted\",\"detail\":\"test\"}");
            });
        }).start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + app.port() + "/clay-webhook");
    }

    /** The next callbacks are answered with these, in order. */
    public void answerNext(Answer... answers) {
        synchronized (script) {
            script.addAll(List.of(answers));
        }
    }

    public List<Caught> caught() {
        return List.copyOf(caught);
    }

    @Override
    public void close() {
        app.stop();
    }
}
