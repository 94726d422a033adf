package io.clayenrichment.receiver.http;

import io.clayenrichment.common.json.Json;
import io.javalin.http.Context;

/** Writes JSON answers with the platform's one Jackson configuration. */
public final class JsonAnswer {

    private JsonAnswer() {}

    public static void write(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(Json.write(body));
    }
}
