package io.clayenrichment.common.auth;

/** One entry of a token list such as {@code READ_TOKENS} or {@code INTAKE_TOKENS}: a bearer token and its tenants. */
public record ScopedToken(String token, TenantScope scope) {

    @Override
    public String toString() {
        return "ScopedToken[token=[redacted], scope=" + scope + "]";
    }
}
