package io.clayenrichment.receiver.support;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.testing.TestKafka;
import io.clayenrichment.receiver.ReceiverSettings;
import io.clayenrichment.receiver.WebhookReceiver;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** A real receiver on a random port, and a real HTTP client to call it. */
public final class RunningReceiver implements AutoCloseable {

    public static final String SECRET = "current-secret-0123456789";
    public static final String PREVIOUS_SECRET = "previous-secret-9876543210";

    private final WebhookReceiver receiver;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String resultsTopic;

    private RunningReceiver(WebhookReceiver receiver, String resultsTopic) {
        this.receiver = receiver;
        this.resultsTopic = resultsTopic;
    }

    /** The settings the tests share: both rotation secrets, a small body limit, the given broker and topic. */
    public static Map<String, String> environment(String bootstrapServers, String resultsTopic) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("HTTP_PORT", "0");
        env.put("CALLBACK_SECRETS", SECRET + "," + PREVIOUS_SECRET);
        env.put("MAX_BODY_BYTES", "4096");
        env.put("TOPIC_RESULTS", resultsTopic);
        env.put("SHUTDOWN_GRACE", "PT10S");
        return env;
    }

    public static RunningReceiver start(Map<String, String> env) {
        ReceiverSettings settings = ReceiverSettings.fromEnv(new Env(env));
        return new RunningReceiver(WebhookReceiver.start(settings), settings.topics().results().name());
    }

    /**
     * A receiver with the HTTP intake on, publishing to {@code requestsTopic} (created here, with a fresh
     * results topic, on the test broker), with the intake's own {@code settings} (INTAKE_TOKENS, ...).
     */
    public static RunningReceiver withIntake(String requestsTopic, Map<String, String> settings) {
        String results = TestKafka.uniqueName("results");
        TestKafka.createTopics(1, results, requestsTopic);
        Map<String, String> env = environment(TestKafka.bootstrapServers(), results);
        env.put("TOPIC_REQUESTS", requestsTopic);
        env.putAll(settings);
        return start(env);
    }

    public String resultsTopic() {
        return resultsTopic;
    }

    public WebhookReceiver receiver() {
        return receiver;
    }

    public int port() {
        return receiver.port();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    public HttpRequest.Builder callback(String body) {
        return HttpRequest.newBuilder(uri("/clay-webhook"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }

    /** A JSON POST to the HTTP intake, without a token. */
    public HttpRequest.Builder intake(String body) {
        return HttpRequest.newBuilder(uri("/v1/requests"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }

    /** Posts {@code body} with the current secret. */
    public HttpResponse<String> post(String body) {
        return send(callback(body).header("X-Clay-Callback-Secret", SECRET).build());
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        receiver.close();
    }
}
