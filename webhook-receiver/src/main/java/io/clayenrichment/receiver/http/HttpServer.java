package io.clayenrichment.receiver.http;

import io.clayenrichment.common.http.BodyLimit;
import io.clayenrichment.common.http.Health;
import io.clayenrichment.common.http.HttpFoundation;
import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The receiver's Javalin server: the callback and intake routes, health and metrics, on the shared
 * {@link HttpFoundation} (JSON answers for every error, Javalin's own included). Stopping waits up to
 * the shutdown grace for requests in flight, including those waiting on Kafka.
 */
public final class HttpServer {

    public static final String CALLBACK_PATH = "/clay-webhook";
    public static final String INTAKE_PATH = "/v1/requests";

    private final Javalin app;

    public HttpServer(int port, Duration shutdownGrace, BodyLimit bodyLimit, Handler callbackEndpoint,
            Handler intakeEndpoint, Supplier<Health.Check> ready, PrometheusMeterRegistry registry) {
        this.app = Javalin.create(config -> {
            HttpFoundation.install(config, new HttpFoundation.Server("webhook-receiver", port, shutdownGrace,
                    bodyLimit));
            config.routes.post(CALLBACK_PATH, callbackEndpoint);
            config.routes.post(INTAKE_PATH, intakeEndpoint);
            Health.register(config, Health.Check::passing, ready);
            HttpFoundation.metrics(config, registry::scrape);
        });
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
