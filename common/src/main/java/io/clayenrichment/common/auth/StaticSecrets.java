package io.clayenrichment.common.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * The active static callback secrets (two during a rotation). Candidates are compared through their
 * SHA-256 digests with {@link MessageDigest#isEqual}, so the time taken does not depend on where the
 * first difference is nor on the secret's length, and every active secret is always compared.
 */
public final class StaticSecrets {

    private final List<byte[]> digests;

    public StaticSecrets(List<String> secrets) {
        this.digests = secrets.stream().map(StaticSecrets::digest).toList();
    }

    public boolean isEmpty() {
        return digests.isEmpty();
    }

    public boolean matches(String candidate) {
        if (candidate == null) {
            return false;
        }
        byte[] given = digest(candidate);
        boolean matched = false;
        for (byte[] active : digests) {
            matched |= MessageDigest.isEqual(active, given);
        }
        return matched;
    }

    private static byte[] digest(String text) {
        return Sha256.of(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return digests.size() + " static secret(s) [redacted]";
    }
}
