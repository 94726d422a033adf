package io.clayenrichment.common.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Javalin setup both services share, so that they answer alike: every error is JSON
 * {@code {"error","detail"}} with a code of {@link ErrorCode}, including the ones Javalin raises itself
 * (unknown route, wrong method, body over the limit); an unexpected exception is one log line and a 500
 * {@code internal} naming only its class; a stopping server lets requests in flight finish.
 */
public final class HttpFoundation {

    private static final Logger LOG = LoggerFactory.getLogger(HttpFoundation.class);

    private HttpFoundation() {}

    /**
     * What differs between the services' servers.
     *
     * @param service the service's name, for the 500 detail ("see the webhook-receiver's log")
     * @param port the listen port, 0 for any free one
     * @param stopGrace how long stopping waits for requests in flight (Jetty's default 0 cuts them)
     * @param bodyLimit the largest request body
     */
    public record Server(String service, int port, Duration stopGrace, BodyLimit bodyLimit) {}

    /** Applies the shared settings and error handlers; the service adds its routes (and more handlers). */
    public static void install(JavalinConfig config, Server server) {
        config.startup.showJavalinBanner = false;
        config.jetty.port = server.port();
        config.jetty.modifyServer(jetty -> jetty.setStopTimeout(server.stopGrace().toMillis()));
        // Jetty's per-connection header cache matches values ignoring case by default: on a kept-alive
        // connection (a proxy reuses them for many callers) "Bearer ABC..." after "Bearer abc..." reaches
        // the routes as the cached value, so a secret would be compared ignoring case. Secrets are exact.
        config.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheCaseSensitive(true));
        config.http.prefer405over404 = true;
        config.http.maxRequestSize = server.bodyLimit().bytes();
        config.routes.exception(ApiError.class, (error, ctx) -> error.writeTo(ctx));
        config.routes.exception(HttpResponseException.class, (error, ctx) ->
                fromJavalin(error, ctx, server.bodyLimit()).writeTo(ctx));
        config.routes.exception(Exception.class, (error, ctx) -> {
            LOG.error("unexpected failure on {} {}", ctx.method(), ctx.path(), error);
            new ApiError(ErrorCode.INTERNAL, "unexpected " + error.getClass().getSimpleName() + "; see the "
                    + server.service() + "'s log").writeTo(ctx);
        });
    }

    /** {@code GET /metrics}: the Prometheus text format; open, like health. */
    public static void metrics(JavalinConfig config, Supplier<String> scrape) {
        config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(scrape.get()));
    }

    /** The error of ours for one Javalin raised: its 404, 405 and 413 have codes of their own. */
    private static ApiError fromJavalin(HttpResponseException error, Context ctx, BodyLimit limit) {
        String request = ctx.method() + " " + ctx.path();
        return switch (error.getStatus()) {
            case 404 -> new ApiError(ErrorCode.NOT_FOUND, "no route " + request);
            case 405 -> methodNotAllowed(error, request);
            case 413 -> limit.tooLarge();
            default -> new ApiError(error.getStatus() >= 500 ? ErrorCode.INTERNAL : ErrorCode.BAD_REQUEST,
                    error.getMessage() + ": " + request);
        };
    }

    private static ApiError methodNotAllowed(HttpResponseException error, String request) {
        String allowed = error.getDetails().getOrDefault("availableMethods",
                error.getDetails().getOrDefault("Available methods", ""));
        ApiError answer = new ApiError(ErrorCode.METHOD_NOT_ALLOWED, "no route " + request
                + (allowed.isEmpty() ? "" : "; this path takes " + allowed));
        return allowed.isEmpty() ? answer : answer.withHeader("Allow", allowed);
    }
}
