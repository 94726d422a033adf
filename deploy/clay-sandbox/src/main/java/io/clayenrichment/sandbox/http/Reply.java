package io.clayenrichment.sandbox.http;

import io.clayenrichment.common.json.Json;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Map;

/**
 * An HTTP answer decided apart from Javalin: status, JSON body, extra headers, and how long to hold
 * it back (a simulated slow answer).
 */
public record Reply(int status, Object body, Map<String, String> headers, Duration delay) {

    public Reply {
        headers = Map.copyOf(headers);
    }

    public static Reply json(int status, Object body) {
        return new Reply(status, body, Map.of(), Duration.ZERO);
    }

    public static Reply error(int status, String error, String detail) {
        return json(status, new ErrorBody(error, detail));
    }

    public Reply withHeader(String name, String value) {
        Map<String, String> more = new java.util.LinkedHashMap<>(headers);
        more.put(name, value);
        return new Reply(status, body, more, delay);
    }

    public Reply delayedBy(Duration by) {
        return new Reply(status, body, headers, by);
    }

    public boolean isError() {
        return status >= 400;
    }

    /** Writes this reply to {@code ctx} now, ignoring {@link #delay()}. */
    public void writeTo(Context ctx) {
        headers.forEach(ctx::header);
        ctx.status(status).contentType("application/json").result(Json.write(body));
    }
}
