package io.clayenrichment.receiver.http;

import io.javalin.http.Context;
import java.io.IOException;

/**
 * The checks every JSON endpoint makes before it looks at a body, cheapest first: declared size
 * (413), Content-Type (415), actual size (413).
 */
public final class JsonBody {

    private JsonBody() {}

    public static byte[] read(Context ctx, int maxBodyBytes) {
        if (ctx.req().getContentLengthLong() > maxBodyBytes) {
            throw BoundedBody.tooLarge(maxBodyBytes);
        }
        if (!JsonMediaType.isJson(ctx.contentType())) {
            throw new ApiError(415, "unsupported_media_type", "Content-Type must be application/json, got "
                    + (ctx.contentType() == null ? "none" : "'" + abbreviate(ctx.contentType()) + "'"));
        }
        try {
            return BoundedBody.read(ctx.req().getInputStream(), maxBodyBytes);
        } catch (IOException e) {
            throw new ApiError(400, "unreadable_body", "the body could not be read: " + e.getClass().getSimpleName());
        }
    }

    /** A 503 telling the caller that Kafka did not take {@code what} and when to try again. */
    public static ApiError kafkaUnavailable(String what, java.time.Duration publishTimeout) {
        long retryAfter = Math.max(1, (publishTimeout.toMillis() + 999) / 1000);
        return new ApiError(503, "kafka_unavailable", what + " could not be written to Kafka within "
                + publishTimeout + "; it was not accepted, send it again",
                java.util.Map.of("Retry-After", Long.toString(retryAfter)));
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
