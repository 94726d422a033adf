package io.clayenrichment.receiver.auth;

import java.util.Base64;

/**
 * A Standard Webhooks signing secret: {@code whsec_} followed by the base64 of the HMAC key. Only the
 * decoded key is kept; {@link #toString()} never shows it.
 */
public final class SigningSecret {

    private static final String PREFIX = "whsec_";

    private final byte[] key;

    private SigningSecret(byte[] key) {
        this.key = key;
    }

    /**
     * Parses {@code text}; the error message describes the problem without echoing the secret.
     *
     * @throws IllegalArgumentException when it is not {@code whsec_<base64>} with a non-empty key
     */
    public static SigningSecret parse(String text) {
        if (text == null || !text.startsWith(PREFIX)) {
            throw new IllegalArgumentException("expected whsec_ followed by base64");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the part after whsec_ is not valid base64");
        }
        if (key.length == 0) {
            throw new IllegalArgumentException("the key after whsec_ is empty");
        }
        return new SigningSecret(key);
    }

    byte[] key() {
        return key.clone();
    }

    @Override
    public String toString() {
        return "whsec_[redacted]";
    }
}
