package io.clayenrichment.sandbox.webhook;

import io.clayenrichment.sandbox.faults.RateLimit;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * What one Clay workspace checks before it takes a row: the token its sources expect, and its rate
 * limit, whose bucket all its sources share (Clay counts the limit per workspace).
 */
public final class WorkspaceGate {

    private final String name;
    private final List<String> sources;
    private final byte[] token;
    private final RateLimit configuredLimit;
    private final TokenBucket bucket;

    public WorkspaceGate(String name, List<String> sources, String token, RateLimit configuredLimit, TokenBucket bucket) {
        this.name = name;
        this.sources = List.copyOf(sources);
        this.token = token == null ? new byte[0] : token.getBytes(StandardCharsets.UTF_8);
        this.configuredLimit = configuredLimit;
        this.bucket = bucket;
    }

    public String name() {
        return name;
    }

    public List<String> sources() {
        return sources;
    }

    public RateLimit configuredLimit() {
        return configuredLimit;
    }

    /** True when no token is set or {@code authHeader} carries it (compared in constant time). */
    boolean admits(String authHeader) {
        return token.length == 0 || authHeader != null
                && MessageDigest.isEqual(token, authHeader.strip().getBytes(StandardCharsets.UTF_8));
    }

    /** Takes a token of {@code limit}: 0, or the nanoseconds until one is there. */
    long tryTake(RateLimit limit) {
        return bucket.tryTake(limit);
    }
}
