package io.clayenrichment.common.http;

import io.clayenrichment.common.json.Json;
import io.javalin.http.Context;

/** Writes JSON answers with the platform's one Jackson configuration ({@link Json}), not Javalin's own mapper. */
public final class JsonAnswer {

    private static final String JSON = "application/json";

    private JsonAnswer() {}

    public static void write(Context ctx, int status, Object body) {
        ctx.status(status).contentType(JSON).result(Json.write(body));
    }

    /** An answer that is JSON already (a stored result, another instance's answer), passed on unchanged. */
    public static void writeJson(Context ctx, int status, String json) {
        ctx.status(status).contentType(JSON).result(json);
    }

    public static void writeJson(Context ctx, int status, byte[] json) {
        ctx.status(status).contentType(JSON).result(json);
    }
}
