package io.clayenrichment.enrichment.http;

import io.clayenrichment.common.http.ApiError;
import io.clayenrichment.common.http.BodyLimit;
import io.clayenrichment.common.http.ErrorCode;
import io.clayenrichment.common.http.Health;
import io.clayenrichment.common.http.HttpFoundation;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's HTTP server: health, Prometheus metrics and whatever feature routes are added
 * (budgets, contacts, the synchronous API), on the shared {@link HttpFoundation}: every error is JSON
 * {@code {"error","detail"}} with a code of {@link ErrorCode}.
 */
public final class HttpApi implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

    /** Every request body this API takes (a budget change, one request) is a few hundred bytes. */
    static final BodyLimit BODY_LIMIT = BodyLimit.of(64 * 1024);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final Javalin app;

    private HttpApi(Javalin app) {
        this.app = app;
    }

    /**
     * Starts the server on {@code port} (0 = any free port).
     *
     * @param live whether the process can still do its work at all (failing: restart it)
     * @param ready whether the service can do its work (Kafka Streams RUNNING, the dispatcher polling)
     * @param state what each component is doing, for errors of state that cannot be read now
     */
    public static HttpApi start(int port, Supplier<Health.Check> live, Supplier<Health.Check> ready,
            Supplier<Map<String, String>> state, PrometheusMeterRegistry registry, Consumer<JavalinConfig> routes) {
        Javalin app = Javalin.create(config -> {
            HttpFoundation.install(config, new HttpFoundation.Server("enrichment-service", port, STOP_GRACE,
                    BODY_LIMIT));
            Health.register(config, live, ready);
            HttpFoundation.metrics(config, registry::scrape);
            routes.accept(config);
            config.routes.exception(InvalidStateStoreException.class, (e, ctx) ->
                    new ApiError(ErrorCode.UNAVAILABLE, "state is not queryable now (" + state.get().get("streams")
                            + "): " + e.getMessage()).retryAfter(Duration.ofSeconds(1)).writeTo(ctx));
        }).start();
        LOG.info("HTTP API listening on port {}", app.port());
        return new HttpApi(app);
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
