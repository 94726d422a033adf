package io.clayenrichment.enrichment.access;

/** One entry of {@code READ_TOKENS}: a bearer token and the tenants it may read. */
public record ReadToken(String token, TenantScope scope) {

    @Override
    public String toString() {
        return "ReadToken[token=[redacted], scope=" + scope + "]";
    }
}
