package io.clayenrichment.enrichment.dispatch;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * POSTs one row to a Clay table webhook without blocking the caller. The returned future always
 * completes normally: an I/O error or a timeout becomes a {@link ClayReply} with status 0, so the
 * caller has one path for every outcome.
 */
final class ClayWebhookClient implements AutoCloseable {

    static final String AUTH_HEADER = "x-clay-webhook-auth";

    private final HttpClient http;
    private final Duration requestTimeout;

    ClayWebhookClient(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(requestTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** POSTs {@code row} with {@code authToken} (of the URL's workspace; blank: none) as {@link #AUTH_HEADER}. */
    CompletableFuture<ClayReply> post(URI url, byte[] row, String authToken) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(row));
        if (authToken != null && !authToken.isBlank()) {
            request.header(AUTH_HEADER, authToken);
        }
        long started = System.nanoTime();
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .handle((response, error) -> {
                    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
                    if (error != null) {
                        return ClayReply.failed(describe(error), elapsed, mayHaveBeenSent(error));
                    }
                    return new ClayReply(response.statusCode(),
                            response.headers().firstValue("Retry-After").orElse(null),
                            ClayReply.excerpt(response.body(), authToken), null, elapsed);
                });
    }

    /** A connection refused or never made cannot have carried the row; anything else may have. */
    private static boolean mayHaveBeenSent(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return !(cause instanceof java.net.ConnectException || cause instanceof java.net.http.HttpConnectTimeoutException
                || cause instanceof java.nio.channels.UnresolvedAddressException
                || cause instanceof java.net.UnknownHostException);
    }

    private String describe(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof HttpTimeoutException) {
            return "timed out after " + requestTimeout;
        }
        // Exception messages of the HTTP client can name the host; they never hold the token.
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    @Override
    public void close() {
        // java.net.http.HttpClient is AutoCloseable only from Java 21; its threads end with their idle connections.
    }
}
