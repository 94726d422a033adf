package io.clayenrichment.enrichment.contacts;

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
 * Asks the instance owning a contact key for it, over its own {@code GET /v1/contacts/{contact_key}},
 * marked with {@link #HEADER} so the owner answers from its store and never forwards again.
 */
public final class OwnerForwarder {

    /** Set on forwarded requests to the instance that forwarded them. */
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

    /** @throws IOException when the owner cannot be reached or does not answer within the timeout */
    public Reply forward(HostInfo owner, String key) throws IOException, InterruptedException {
        URI uri = URI.create("http://" + owner.host() + ":" + owner.port() + "/v1/contacts/" + pathSegment(key));
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(timeout)
                .header(HEADER, self).header("Accept", "application/json").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body());
    }

    /** The key percent-encoded for a path; the route takes slashes (LinkedIn and name keys hold them) as they are. */
    static String pathSegment(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/");
    }
}
