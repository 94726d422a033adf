package io.clayenrichment.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.clayenrichment.common.auth.TenantScope;
import io.clayenrichment.common.intake.IntakeItem;
import io.clayenrichment.common.intake.TenantCheck;
import io.clayenrichment.common.json.Json;
import io.javalin.Javalin;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The shared foundation on a real Javalin server on a free port, called over HTTP: the errors Javalin
 * raises itself, unexpected exceptions, {@link ApiError} headers, body limits and the health answers.
 */
class HttpFoundationTest {

    private static final BodyLimit LIMIT = new BodyLimit(100, "TEST_MAX_BODY");
    /**
     * Longer than Jetty's shutdown idle timeout (1 s), after which a graceful stop closes the client's
     * idle kept-alive connections: with a grace of 1 s the stop raced it and timed out.
     */
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final String SECRET = "s3cret-in-the-message";
    private static final AtomicReference<Health.Check> READY = new AtomicReference<>();

    private static Javalin app;
    private static HttpClient client;

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeAll
    static void start() {
        app = Javalin.create(config -> {
            HttpFoundation.install(config, new HttpFoundation.Server("test-service", 0, STOP_GRACE, LIMIT));
            Health.register(config, Health.Check::passing, READY::get);
            config.routes.post("/json", ctx -> ctx.result("read " + JsonBody.read(ctx, LIMIT).length));
            config.routes.post("/raw", ctx -> ctx.result("read " + ctx.bodyAsBytes().length));
            config.routes.get("/boom", ctx -> {
                throw new IllegalStateException(SECRET);
            });
            config.routes.get("/async-boom", ctx -> ctx.future(() ->
                    CompletableFuture.failedFuture(new IOException(SECRET))));
            config.routes.get("/busy", ctx -> {
                throw new ApiError(ErrorCode.UNAVAILABLE, "rebalancing").retryAfter(Duration.ofMillis(1500));
            });
            config.routes.get("/secured", ctx -> {
                throw ApiError.unauthorized("send Authorization: Bearer <token>");
            });
            config.routes.get("/scoped", ctx -> TenantCheck.requireInScope(TenantScope.only(Set.of("acme")),
                    List.of(item("acme"), item("beta"))));
        }).start();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stop() {
        app.stop();
    }

    @BeforeEach
    void captureLogs() {
        logged.start();
        root().addAppender(logged);
    }

    @AfterEach
    void releaseLogs() {
        root().detachAppender(logged);
    }

    @Test
    void anUnknownRouteIs404NotFoundAsJson() {
        HttpResponse<String> response = send(get("/nowhere"));

        assertError(response, 404, "not_found");
        assertThat(json(response).get("detail").asText()).isEqualTo("no route GET /nowhere");
    }

    @Test
    void aKnownPathAskedWithAnotherMethodIs405WithAllow() {
        HttpResponse<String> response = send(request("/json").DELETE().build());

        assertError(response, 405, "method_not_allowed");
        assertThat(response.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void aThrowingRouteIs500InternalNamingOnlyTheClassAndIsLoggedOnce() {
        HttpResponse<String> response = send(get("/boom"));

        assertError(response, 500, "internal");
        assertThat(json(response).get("detail").asText())
                .isEqualTo("unexpected IllegalStateException; see the test-service's log");
        assertThat(response.body()).doesNotContain(SECRET).doesNotContain("\tat ").doesNotContain("java.lang");
        assertThat(json(response).properties()).extracting(Map.Entry::getKey).containsExactly("error", "detail");
        List<ILoggingEvent> failures = logged.list.stream().filter(event -> event.getThrowableProxy() != null).toList();
        assertThat(failures).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.ERROR);
            assertThat(event.getFormattedMessage()).isEqualTo("unexpected failure on GET /boom");
            assertThat(event.getThrowableProxy().getMessage()).isEqualTo(SECRET);
        });
    }

    @Test
    void aFailedFutureWithACheckedExceptionIsAnswered500InternalToo() {
        HttpResponse<String> response = send(get("/async-boom"));

        assertError(response, 500, "internal");
        assertThat(json(response).get("detail").asText()).isEqualTo("unexpected IOException; see the test-service's log");
        assertThat(response.body()).doesNotContain(SECRET);
    }

    @Test
    void anApiErrorIsAnsweredWithItsCodeStatusAndRetryAfterInWholeSeconds() {
        HttpResponse<String> response = send(get("/busy"));

        assertError(response, 503, "unavailable");
        assertThat(json(response).get("detail").asText()).isEqualTo("rebalancing");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(logged.list).noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.WARN));
    }

    @Test
    void a401CarriesTheBearerChallenge() {
        HttpResponse<String> response = send(get("/secured"));

        assertError(response, 401, "unauthorized");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    @Test
    void anIntakeRefusalIsAnsweredAsItIsWithTheItemsIndex() {
        HttpResponse<String> response = send(get("/scoped"));

        assertError(response, 403, "forbidden");
        assertThat(json(response).get("index").asInt()).isEqualTo(1);
        assertThat(json(response).get("detail").asText()).startsWith("item 1: tenant 'beta'");
    }

    @Test
    void aBodyDeclaredOverTheLimitIs413() {
        HttpResponse<String> response = send(request("/json").header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("x".repeat(5_000))).build());

        assertError(response, 413, "body_too_large");
        assertThat(json(response).get("detail").asText())
                .isEqualTo("the body is over the limit of 100 bytes (TEST_MAX_BODY)");
    }

    @Test
    void aChunkedBodyThatTurnsOutOverTheLimitIs413() {
        byte[] big = "y".repeat(5_000).getBytes(StandardCharsets.UTF_8);
        HttpRequest chunked = request("/json").header("Content-Type", "application/json")
                .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build();

        assertError(send(chunked), 413, "body_too_large");
    }

    @Test
    void aBodyJavalinReadsIsRefusedAtTheSameLimitWithTheSameAnswer() {
        HttpRequest atLimit = request("/raw").POST(BodyPublishers.ofString("z".repeat(100))).build();
        assertThat(send(atLimit).body()).isEqualTo("read 100");

        byte[] big = "z".repeat(101).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = send(request("/raw")
                .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build());

        assertError(response, 413, "body_too_large");
        assertThat(json(response).get("detail").asText())
                .isEqualTo("the body is over the limit of 100 bytes (TEST_MAX_BODY)");
    }

    @Test
    void aBodyThatIsNotDeclaredJsonIs415AndJsonTypesPass() {
        HttpResponse<String> text = send(request("/json").header("Content-Type", "text/plain")
                .POST(BodyPublishers.ofString("{}")).build());
        assertError(text, 415, "unsupported_media_type");
        assertThat(json(text).get("detail").asText()).contains("'text/plain'");

        for (String type : List.of("application/json; charset=utf-8", "application/vnd.clay+json")) {
            HttpResponse<String> json = send(request("/json").header("Content-Type", type)
                    .POST(BodyPublishers.ofString("{}")).build());
            assertThat(json.body()).as(type).isEqualTo("read 2");
        }
    }

    @Test
    void healthAnswersLiveAndReadyAndAFailingCheckIsAnErrorWithItsFacts() {
        assertThat(send(get(Health.LIVE_PATH)).statusCode()).isEqualTo(200);
        assertThat(json(send(get(Health.LIVE_PATH)))).isEqualTo(Json.read("{\"status\":\"live\"}", JsonNode.class));

        READY.set(Health.Check.failing("Kafka is not reachable", Map.of("kafka", "unreachable")));
        HttpResponse<String> notReady = send(get(Health.READY_PATH));
        assertError(notReady, 503, "not_ready");
        assertThat(json(notReady)).isEqualTo(Json.read("{\"status\":\"not_ready\",\"error\":\"not_ready\","
                + "\"detail\":\"Kafka is not reachable\",\"kafka\":\"unreachable\"}", JsonNode.class));

        READY.set(Health.Check.passing(Map.of("kafka", "reachable")));
        HttpResponse<String> ready = send(get(Health.READY_PATH));
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready)).isEqualTo(Json.read("{\"status\":\"ready\",\"kafka\":\"reachable\"}", JsonNode.class));
    }

    private static void assertError(HttpResponse<String> response, int status, String error) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(json(response).get("error").asText()).isEqualTo(error);
        assertThat(json(response).get("detail").asText()).isNotBlank();
    }

    private static IntakeItem item(String tenant) {
        return new IntakeItem("r", tenant, "email:a@example.com", new byte[0]);
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private static JsonNode json(HttpResponse<String> response) {
        return Json.read(response.body(), JsonNode.class);
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).timeout(Duration.ofSeconds(10));
    }

    private static HttpRequest get(String path) {
        return request(path).GET().build();
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
