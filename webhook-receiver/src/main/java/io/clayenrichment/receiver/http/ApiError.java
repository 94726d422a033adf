package io.clayenrichment.receiver.http;

import io.clayenrichment.common.intake.RejectedRequest;
import io.javalin.http.Context;
import java.util.Map;

/**
 * An HTTP error answer: the status, a stable machine-readable {@code error} code and a human
 * {@code detail}, written as {@code {"error":"...","detail":"..."}}. Thrown by handlers; the details
 * never carry secrets or bodies.
 */
public final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;
    private final Map<String, String> headers;
    private final Integer index;

    public ApiError(int status, String error, String detail) {
        this(status, error, detail, Map.of());
    }

    public ApiError(int status, String error, String detail, Map<String, String> headers) {
        this(status, error, detail, headers, null);
    }

    private ApiError(int status, String error, String detail, Map<String, String> headers, Integer index) {
        super(detail, null, false, false);
        this.status = status;
        this.error = error;
        this.headers = Map.copyOf(headers);
        this.index = index;
    }

    /** A request refused by the shared intake checks; an item's zero-based {@code index} goes into the body. */
    public static ApiError of(RejectedRequest rejected) {
        return new ApiError(rejected.status(), rejected.error(), rejected.detail(), Map.of(), rejected.index());
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public String detail() {
        return getMessage();
    }

    public void writeTo(Context ctx) {
        headers.forEach(ctx::header);
        JsonAnswer.write(ctx, status, new Body(error, detail(), index));
    }

    /** The wire form of an error; {@code index} only for an error about one item of a batch. */
    record Body(String error, String detail, Integer index) {}
}
