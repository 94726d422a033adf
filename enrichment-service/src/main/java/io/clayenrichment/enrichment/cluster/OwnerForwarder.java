package io.clayenrichment.enrichment.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks another instance of the application for what its local state holds (a contact, a tenant's
 * budget) over its own HTTP API, marked with {@link #HEADER} so it answers from its stores and never
 * forwards again. The header grants nothing: the request carries the caller's own {@code Authorization},
 * which the other instance checks as it checks every request, so the caller's scope goes with it.
 */
public final class OwnerForwarder {

    /**
     * Set on forwarded requests to the instance that forwarded them. Anyone can send it; it only means
     * "answer from your own state" (a partial answer), never "skip the token check".
     */
    public static final String HEADER = "X-Clay-Forwarded-By";

    private final HttpClient client;
    private final Duration timeout;
    private final String self;

    public OwnerForwarder(Duration timeout, HostInfo self) {
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.timeout = timeout;
        this.self = self.host() + ":" + self.port();
    }

    /** The owner's answer, status and JSON body as they are. */
    public record Reply(int status, String body) {}

    /**
     * {@code GET path} on {@code owner}, on behalf of the caller.
     *
     * @param path already encoded, such as {@code "/v1/contacts/" + pathSegment(key)}
     * @param authorization the caller's {@code Authorization} header, relayed as it is; null: none
     * @throws IOException when the owner cannot be reached or does not answer within the timeout
     */
    public Reply get(HostInfo owner, String path, String authorization) throws IOException, InterruptedException {
        URI uri = URI.create("http://" + owner.host() + ":" + owner.port() + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header(HEADER, self).header("Accept", "application/json").GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body());
    }

    /** {@code true} when the request was forwarded here by another instance. */
    public static boolean isForwarded(io.javalin.http.Context ctx) {
        return ctx.header(HEADER) != null;
    }

    /** A key percent-encoded for a path; routes with {@code <...>} take slashes (LinkedIn and name keys hold them) as they are. */
    public static String pathSegment(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/");
    }
}
