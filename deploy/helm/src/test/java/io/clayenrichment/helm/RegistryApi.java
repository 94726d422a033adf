package io.clayenrichment.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The registry's HTTP API (Docker Registry v2 / OCI distribution), as far as the image tests need it:
 * upload a blob and a manifest, read a manifest, a config and a layer.
 */
final class RegistryApi {

    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    private final URI v2;

    RegistryApi(String address) {
        this.v2 = URI.create("http://" + address + "/v2/");
    }

    static String digest(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A monolithic upload: start a session, then PUT the whole blob with its digest. */
    String pushBlob(String repository, byte[] content) {
        String digest = digest(content);
        HttpResponse<String> started = send(HttpRequest.newBuilder(v2.resolve(repository + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()), 202);
        URI session = v2.resolve(started.headers().firstValue("Location").orElseThrow());
        String separator = session.getQuery() == null ? "?" : "&";
        send(HttpRequest.newBuilder(URI.create(session + separator + "digest=" + digest))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)), 201);
        return digest;
    }

    void pushManifest(String repository, String tag, byte[] manifest) {
        send(HttpRequest.newBuilder(v2.resolve(repository + "/manifests/" + tag))
                .header("Content-Type", DOCKER_MANIFEST)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)), 201);
    }

    /** The manifest of repository:reference, empty when the registry has none. */
    Optional<JsonNode> manifest(String repository, String reference) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(v2.resolve(repository + "/manifests/" + reference))
                .header("Accept", DOCKER_MANIFEST + ", " + OCI_MANIFEST)
                .GET(), 200, 404);
        return response.statusCode() == 404 ? Optional.empty() : Optional.of(readJson(response.body()));
    }

    JsonNode jsonBlob(String repository, String digest) {
        return readJson(send(HttpRequest.newBuilder(blobUri(repository, digest)).GET(), 200).body());
    }

    /** A blob as a stream (layers can be large). */
    InputStream blobStream(String repository, String digest) {
        return send(HttpRequest.newBuilder(blobUri(repository, digest)).GET(), HttpResponse.BodyHandlers.ofInputStream(), 200)
                .body();
    }

    private URI blobUri(String repository, String digest) {
        return v2.resolve(repository + "/blobs/" + digest);
    }

    private static HttpResponse<String> send(HttpRequest.Builder builder, int... expected) {
        return send(builder, HttpResponse.BodyHandlers.ofString(), expected);
    }

    private static <T> HttpResponse<T> send(HttpRequest.Builder builder, HttpResponse.BodyHandler<T> body, int... expected) {
        HttpRequest request = builder.timeout(Duration.ofMinutes(1)).build();
        try {
            HttpResponse<T> response = HTTP.send(request, body);
            for (int status : expected) {
                if (response.statusCode() == status) {
                    return response;
                }
            }
            if (response.body() instanceof InputStream stream) {
                stream.close();
            }
            String text = response.body() instanceof String message ? ": " + message : "";
            throw new IllegalStateException(request.method() + " " + request.uri() + " answered " + response.statusCode() + text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode readJson(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
