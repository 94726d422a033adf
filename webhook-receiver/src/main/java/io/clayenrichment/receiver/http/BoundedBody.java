package io.clayenrichment.receiver.http;

import java.io.IOException;
import java.io.InputStream;

/** Reads a request body, refusing it (413) once it is over the limit, whatever Content-Length said. */
public final class BoundedBody {

    private BoundedBody() {}

    public static byte[] read(InputStream in, int limit) throws IOException {
        // One byte more than allowed is enough to know the body is too large, without reading the rest.
        byte[] body = in.readNBytes(limit + 1);
        if (body.length > limit) {
            throw tooLarge(limit);
        }
        return body;
    }

    public static ApiError tooLarge(int limit) {
        return new ApiError(413, "body_too_large", "the body is over the limit of " + limit
                + " bytes (MAX_BODY_BYTES)");
    }
}
