package io.clayenrichment.enrichment.http;

import io.clayenrichment.common.json.Json;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's HTTP server: health, Prometheus metrics and whatever feature routes are added
 * (budgets today; the dispatcher may add its own). Every error is JSON {@code {"error","detail"}}.
 */
public final class HttpApi implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

    /** Every request body this API takes (a budget change, one request) is a few hundred bytes. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private final Javalin app;

    private HttpApi(Javalin app) {
        this.app = app;
    }

    /**
     * Starts the server on {@code port} (0 = any free port).
     *
     * @param live whether the process can still do its work at all (false: restart it)
     * @param ready whether the service can do its work (Kafka Streams RUNNING, the dispatcher polling)
     * @param state what each component is doing, for the readiness answer and errors
     */
    public static HttpApi start(int port, BooleanSupplier live, BooleanSupplier ready, Supplier<Map<String, String>> state,
            PrometheusMeterRegistry registry, Consumer<JavalinConfig> routes) {
        Javalin app = Javalin.create(config -> {
            config.jetty.port = port;
            config.jetty.modifyServer(server -> server.setStopTimeout(Duration.ofSeconds(10).toMillis()));
            // Jetty's per-connection header cache matches values ignoring case by default: on a kept-alive
            // connection "Bearer ABC..." after "Bearer abc..." reaches the routes as the cached lower-case
            // value, so a token would be compared ignoring case. Tokens are compared exactly.
            config.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheCaseSensitive(true));
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.routes.get("/health/live", ctx -> {
                boolean isLive = live.getAsBoolean();
                Map<String, String> body = new java.util.LinkedHashMap<>();
                body.put("status", isLive ? "live" : "not_live");
                if (!isLive) {
                    body.putAll(state.get());
                }
                json(ctx, isLive ? 200 : 503, body);
            });
            config.routes.get("/health/ready", ctx -> {
                boolean isReady = ready.getAsBoolean();
                Map<String, String> body = new java.util.LinkedHashMap<>();
                body.put("status", isReady ? "ready" : "not_ready");
                body.putAll(state.get());
                json(ctx, isReady ? 200 : 503, body);
            });
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(registry.scrape()));
            routes.accept(config);
            config.routes.exception(ApiError.class, (e, ctx) -> json(ctx, e.status(), e.body()));
            config.routes.exception(InvalidStateStoreException.class, (e, ctx) -> {
                ctx.header("Retry-After", "1");
                json(ctx, 503, new ApiError.Body("unavailable", "state is not queryable now ("
                        + state.get().get("streams") + "): " + e.getMessage()));
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                json(ctx, 500, new ApiError.Body("internal", e.getClass().getSimpleName()));
            });
            config.routes.error(413, ctx -> json(ctx, 413, new ApiError.Body("body_too_large",
                    "the body is over the limit of " + MAX_BODY_BYTES / 1024 + " KiB")));
            config.routes.error(404, ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty() || !ctx.result().startsWith("{")) {
                    json(ctx, 404, new ApiError.Body("not_found", "no route " + ctx.method() + " " + ctx.path()));
                }
            });
        }).start();
        LOG.info("HTTP API listening on port {}", app.port());
        return new HttpApi(app);
    }

    public int port() {
        return app.port();
    }

    public static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(Json.writeString(body));
    }

    @Override
    public void close() {
        app.stop();
    }
}
