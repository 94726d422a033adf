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
        return indexOf(candidate) >= 0;
    }

    /**
     * The position of {@code candidate} among the secrets as given, or -1: for secrets that carry
     * something (such as the tenants a read token may see). Every secret is compared, without an early
     * exit, so the time taken does not tell which one matched either.
     */
    public int indexOf(String candidate) {
        if (candidate == null) {
            return -1;
        }
        byte[] given = digest(candidate);
        int found = -1;
        for (int i = 0; i < digests.size(); i++) {
            boolean equal = MessageDigest.isEqual(digests.get(i), given);
            found = equal && found < 0 ? i : found;
        }
        return found;
    }

    private static byte[] digest(String text) {
        return Sha256.of(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return digests.size() + " static secret(s) [redacted]";
    }
}
