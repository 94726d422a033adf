package io.clayenrichment.common.http;

import io.javalin.http.Context;

/**
 * The checks every JSON endpoint makes before it looks at a body, cheapest first: declared size
 * (413), Content-Type (415), actual size (413).
 */
public final class JsonBody {

    private JsonBody() {}

    public static byte[] read(Context ctx, BodyLimit limit) {
        limit.requireDeclaredWithin(ctx);
        if (!JsonMediaType.isJson(ctx.contentType())) {
            throw new ApiError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json, got "
                    + (ctx.contentType() == null ? "none" : "'" + abbreviate(ctx.contentType()) + "'"));
        }
        return limit.read(ctx);
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
