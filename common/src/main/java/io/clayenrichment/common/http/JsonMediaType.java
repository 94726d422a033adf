package io.clayenrichment.common.http;

import java.util.Locale;

/** Whether a Content-Type is JSON: {@code application/json} or any {@code application/*+json}, with parameters. */
public final class JsonMediaType {

    private JsonMediaType() {}

    public static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int parameters = contentType.indexOf(';');
        String type = (parameters < 0 ? contentType : contentType.substring(0, parameters)).strip()
                .toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.startsWith("application/") && type.endsWith("+json");
    }
}
