package io.clayenrichment.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.clayenrichment.common.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** A plain JDK HTTP client for talking to a sandbox the way the platform's dispatcher would. */
public final class SandboxHttp {

    /** A response: status, the Retry-After header if any, and the JSON body. */
    public record Answer(int status, String retryAfter, JsonNode body) {
        public String error() {
            return body.path("error").asText(null);
        }
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private SandboxHttp() {}

    public static Answer postRow(URI webhook, Map<String, ?> row) {
        return send("POST", webhook, Json.writeString(row), Map.of());
    }

    public static Answer send(String method, URI uri, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isEmpty() ? Json.mapper().missingNode()
                    : Json.mapper().readTree(response.body());
            return new Answer(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static Answer admin(ClaySandbox sandbox, String method, String path, String body) {
        return send(method, sandbox.baseUrl().resolve(path), body, Map.of());
    }

    /** Settings for tests: a random port, no enrichment delay, no faults, no periodic log lines. */
    public static SandboxSettings.Builder testSettings() {
        return SandboxSettings.builder()
                .host("127.0.0.1")
                .port(0)
                .enrichDelay(Duration.ZERO, Duration.ZERO)
                .faults(io.clayenrichment.sandbox.faults.FaultSettings.NONE)
                .statsLogInterval(Duration.ZERO);
    }
}
