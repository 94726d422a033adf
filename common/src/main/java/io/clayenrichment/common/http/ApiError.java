package io.clayenrichment.common.http;

import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP error answer of either service: a code of the closed set {@link ErrorCode} (which gives the
 * status), a human {@code detail} saying what to fix, and headers such as {@code Retry-After}; written
 * as {@code {"error":"...","detail":"..."}}. Handlers throw it and {@link HttpFoundation} answers it.
 * Details never carry secrets or bodies. No stack trace is taken: it is an answer, not a failure.
 */
public class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final Map<String, String> headers;
    private final Integer index;

    public ApiError(ErrorCode code, String detail) {
        this(code, detail, Map.of(), null);
    }

    /** @param index the zero-based item of a batch the error is about, or null when it is about the whole body */
    protected ApiError(ErrorCode code, String detail, Map<String, String> headers, Integer index) {
        super(detail, null, false, false);
        this.code = code;
        this.headers = Map.copyOf(headers);
        this.index = index;
    }

    /** A 401 with the {@code WWW-Authenticate: Bearer} challenge every 401 must carry. */
    public static ApiError unauthorized(String detail) {
        return new ApiError(ErrorCode.UNAUTHORIZED, detail).withHeader("WWW-Authenticate", "Bearer");
    }

    /** The same error telling the caller to try again after {@code wait}, in whole seconds (at least 1). */
    public ApiError retryAfter(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return withHeader("Retry-After", Long.toString(seconds));
    }

    ApiError withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApiError(code, detail(), more, index);
    }

    public ErrorCode code() {
        return code;
    }

    public int status() {
        return code.status();
    }

    /** The code as it goes on the wire. */
    public String error() {
        return code.wire();
    }

    public String detail() {
        return getMessage();
    }

    public Map<String, String> headers() {
        return headers;
    }

    public Body body() {
        return new Body(error(), detail(), index);
    }

    public void writeTo(Context ctx) {
        headers.forEach(ctx::header);
        JsonAnswer.write(ctx, status(), body());
    }

    /** The wire form of an error; {@code index} only for an error about one item of a batch. */
    public record Body(String error, String detail, Integer index) {}
}
