package io.clayenrichment.common.auth;

import java.util.Locale;

/** The token of an {@code Authorization: Bearer <token>} header (scheme case-insensitive). */
public final class Bearer {

    private static final String PREFIX = "bearer ";

    private Bearer() {}

    /** The token, or null when the header is absent, empty or another scheme. */
    public static String token(String authorization) {
        if (authorization == null || authorization.length() <= PREFIX.length()
                || !authorization.substring(0, PREFIX.length()).toLowerCase(Locale.ROOT).equals(PREFIX)) {
            return null;
        }
        return authorization.substring(PREFIX.length()).strip();
    }
}
