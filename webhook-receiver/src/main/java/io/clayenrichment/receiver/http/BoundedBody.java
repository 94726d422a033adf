package io.clayenrichment.receiver.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body, refusing it (413) as soon as it goes over the limit, whatever Content-Length said. */
public final class BoundedBody {

    private BoundedBody() {}

    public static byte[] read(InputStream in, int limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, 8192));
        byte[] buffer = new byte[8192];
        int total = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            total += n;
            if (total > limit) {
                throw tooLarge(limit);
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    public static ApiError tooLarge(int limit) {
        return new ApiError(413, "body_too_large", "the body is over the limit of " + limit
                + " bytes (MAX_BODY_BYTES)");
    }
}
