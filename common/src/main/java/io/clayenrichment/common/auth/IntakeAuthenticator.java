package io.clayenrichment.common.auth;

import java.util.List;

/**
 * Decides whether a call to the HTTP intake carries one of its active tokens
 * ({@code Authorization: Bearer <token>}) and, if so, for which tenants it may submit requests
 * ({@code INTAKE_TOKENS} entries {@code token} or {@code token:acme|beta}). Tokens are separate from the
 * callback secrets: a CRM that may submit requests must not be able to forge Clay's results, nor the
 * other way round.
 */
public final class IntakeAuthenticator {

    private final ScopedTokens tokens;

    public IntakeAuthenticator(List<ScopedToken> tokens) {
        this.tokens = new ScopedTokens(tokens);
    }

    /** What a call's {@code Authorization} header allows: its token's tenants, or why it is refused. */
    public Caller check(String authorization) {
        String token = Bearer.token(authorization);
        if (token == null) {
            return new Caller(null, "no intake token: send Authorization: Bearer <token>");
        }
        return tokens.scopeOf(token).map(scope -> new Caller(scope, null))
                .orElseGet(() -> new Caller(null, "wrong intake token"));
    }

    /**
     * A checked caller.
     *
     * @param scope the tenants its token may submit for; null when refused
     * @param refusal why the call is refused (never contains a token); null when it is authentic
     */
    public record Caller(TenantScope scope, String refusal) {

        public boolean refused() {
            return refusal != null;
        }
    }
}
