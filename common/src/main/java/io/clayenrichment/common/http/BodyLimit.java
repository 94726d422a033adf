package io.clayenrichment.common.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/**
 * How large a request body a server takes, and the one 413 {@code body_too_large} beyond it.
 * {@link HttpFoundation} gives Javalin the same limit, so a body read with {@code ctx.bodyAsBytes()} and
 * one read with {@link #read(Context)} are refused alike.
 *
 * @param bytes the largest body taken
 * @param setting the setting that sets it (named in the detail, so an operator knows what to raise), or null
 */
public record BodyLimit(int bytes, String setting) {

    public BodyLimit {
        if (bytes < 1) {
            throw new IllegalArgumentException("a body limit is at least 1 byte, got " + bytes);
        }
    }

    /** A limit no setting changes. */
    public static BodyLimit of(int bytes) {
        return new BodyLimit(bytes, null);
    }

    /**
     * The body of {@code ctx}: 413 when {@code Content-Length} says it is too large (nothing is read) or
     * when it turns out so (chunked, or a wrong length), 400 {@code unreadable_body} when reading breaks.
     */
    public byte[] read(Context ctx) {
        requireDeclaredWithin(ctx);
        try {
            return read(ctx.req().getInputStream());
        } catch (IOException e) {
            throw new ApiError(ErrorCode.UNREADABLE_BODY, "the body could not be read: " + e.getClass().getSimpleName());
        }
    }

    /** 413 when the declared {@code Content-Length} is over the limit: the cheapest check, made first. */
    public void requireDeclaredWithin(Context ctx) {
        if (ctx.req().getContentLengthLong() > bytes) {
            throw tooLarge();
        }
    }

    /** Reads {@code in}, refusing it once it is over the limit, whatever Content-Length said. */
    public byte[] read(InputStream in) throws IOException {
        // One byte more than allowed is enough to know the body is too large, without reading the rest.
        byte[] body = in.readNBytes(bytes + 1);
        if (body.length > bytes) {
            throw tooLarge();
        }
        return body;
    }

    public ApiError tooLarge() {
        return new ApiError(ErrorCode.BODY_TOO_LARGE, "the body is over the limit of " + bytes + " bytes"
                + (setting == null ? "" : " (" + setting + ")"));
    }
}
