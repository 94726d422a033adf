package io.clayenrichment.receiver.auth;

import java.util.Locale;

/** The token of an {@code Authorization: Bearer <token>} header (scheme case-insensitive). */
final class Bearer {

    private static final String PREFIX = "bearer ";

    private Bearer() {}

    /** The token, or null when the header is absent, empty or another scheme. */
    static String token(String authorization) {
        if (authorization == null || authorization.length() <= PREFIX.length()
                || !authorization.substring(0, PREFIX.length()).toLowerCase(Locale.ROOT).equals(PREFIX)) {
            return null;
        }
        return authorization.substring(PREFIX.length()).strip();
    }
}
