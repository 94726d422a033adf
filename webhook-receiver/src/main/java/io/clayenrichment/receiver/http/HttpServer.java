package io.clayenrichment.receiver.http;

import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiver's Javalin server: the callback and intake routes, health and metrics, and JSON answers for every
 * error Javalin itself raises (404, 405, ...). Stopping waits up to the shutdown grace for requests
 * in flight, including those waiting on Kafka.
 */
public final class HttpServer {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    public static final String CALLBACK_PATH = "/clay-webhook";

    private final Javalin app;

    public static final String INTAKE_PATH = "/v1/requests";

    public HttpServer(int port, Duration shutdownGrace, Handler callbackEndpoint, Handler intakeEndpoint,
            BooleanSupplier ready, PrometheusMeterRegistry registry) {
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.port = port;
            config.http.prefer405over404 = true;
            config.jetty.modifyServer(server -> server.setStopTimeout(shutdownGrace.toMillis()));
            // Jetty's per-connection header cache matches values ignoring case by default: on a kept-alive
            // connection (a proxy reuses them for many callers) "Bearer ABC..." after "Bearer abc..." reaches
            // the routes as the cached value, so a secret would be compared ignoring case. Secrets are exact.
            config.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheCaseSensitive(true));
            config.routes.post(CALLBACK_PATH, callbackEndpoint);
            config.routes.post(INTAKE_PATH, intakeEndpoint);
            config.routes.get("/health/live", ctx -> JsonAnswer.write(ctx, 200, new Status("up")));
            config.routes.get("/health/ready", ctx -> {
                if (ready.getAsBoolean()) {
                    JsonAnswer.write(ctx, 200, new Status("ready"));
                } else {
                    new ApiError(503, "not_ready", "Kafka is not reachable, or the receiver is stopping").writeTo(ctx);
                }
            });
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(registry.scrape()));
            config.routes.exception(ApiError.class, (error, ctx) -> error.writeTo(ctx));
            config.routes.exception(HttpResponseException.class, (error, ctx) ->
                    new ApiError(error.getStatus(), errorCode(error.getStatus()),
                            error.getMessage() + ": " + ctx.method() + " " + ctx.path()).writeTo(ctx));
            config.routes.exception(Exception.class, (error, ctx) -> {
                LOG.error("unexpected failure on {} {}", ctx.method(), ctx.path(), error);
                new ApiError(500, "internal_error", "unexpected failure; see the receiver's log").writeTo(ctx);
            });
        });
    }

    record Status(String status) {}

    private static String errorCode(int status) {
        return switch (status) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "body_too_large";
            default -> "http_" + status;
        };
    }

    public HttpServer start() {
        app.start();
        return this;
    }

    public int port() {
        return app.port();
    }

    /** Stops accepting, lets requests in flight finish (up to the grace), then stops. */
    public void stop() {
        app.stop();
    }
}
