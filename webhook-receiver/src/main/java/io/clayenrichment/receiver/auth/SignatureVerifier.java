package io.clayenrichment.receiver.auth;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks verification: HMAC-SHA256 over {@code id.timestamp.body} with each signing secret,
 * compared in constant time with every {@code v1,<base64>} entry of the signature header; the
 * timestamp (unix seconds) must be within the tolerance of now, in the past or the future.
 */
public final class SignatureVerifier {

    private final List<SigningSecret> secrets;
    private final Duration tolerance;

    public SignatureVerifier(List<SigningSecret> secrets, Duration tolerance) {
        this.secrets = List.copyOf(secrets);
        this.tolerance = tolerance;
    }

    /** Why a present signature was refused, or null when it verifies. */
    public String refusal(String id, String timestamp, String signatureHeader, byte[] body, Instant now) {
        if (secrets.isEmpty()) {
            return "webhook-signature given but no signing secret is configured";
        }
        if (isBlank(id) || isBlank(timestamp)) {
            return "webhook-signature needs webhook-id and webhook-timestamp";
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return "webhook-timestamp is not unix seconds";
        }
        long skew = Math.abs(now.getEpochSecond() - seconds);
        if (skew > tolerance.toSeconds()) {
            return "webhook-timestamp is outside the tolerance of " + tolerance;
        }
        byte[] signed = signedContent(id.strip(), timestamp.strip(), body);
        List<byte[]> given = signatures(signatureHeader);
        boolean matched = false;
        for (SigningSecret secret : secrets) {
            byte[] expected = hmac(secret.key(), signed);
            for (byte[] candidate : given) {
                matched |= MessageDigest.isEqual(expected, candidate);
            }
        }
        return matched ? null : "webhook-signature does not match";
    }

    /** The base64 signature of {@code id.timestamp.body} with {@code secret}; senders (and tests) sign with it. */
    public static String sign(SigningSecret secret, String id, String timestamp, byte[] body) {
        return Base64.getEncoder().encodeToString(hmac(secret.key(), signedContent(id, timestamp, body)));
    }

    private static List<byte[]> signatures(String header) {
        return java.util.Arrays.stream(header.strip().split("\\s+"))
                .filter(entry -> entry.startsWith("v1,"))
                .map(entry -> decodeOrEmpty(entry.substring(3)))
                .toList();
    }

    private static byte[] decodeOrEmpty(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static byte[] signedContent(String id, String timestamp, byte[] body) {
        byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] content = java.util.Arrays.copyOf(prefix, prefix.length + body.length);
        System.arraycopy(body, 0, content, prefix.length, body.length);
        return content;
    }

    private static byte[] hmac(byte[] key, byte[] content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
