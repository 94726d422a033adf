package io.clayenrichment.common.auth;

import java.util.List;

/**
 * Decides whether a call to the HTTP intake carries one of its active tokens
 * ({@code Authorization: Bearer <token>}). Tokens are separate from the callback secrets: a CRM
 * that may submit requests must not be able to forge Clay's results, nor the other way round.
 */
public final class IntakeAuthenticator {

    private final StaticSecrets tokens;

    public IntakeAuthenticator(List<String> tokens) {
        this.tokens = new StaticSecrets(tokens);
    }

    /** Why the call is refused (never contains a token), or null when it is authentic. */
    public String refusal(String authorization) {
        String token = Bearer.token(authorization);
        if (token == null) {
            return "no intake token: send Authorization: Bearer <token>";
        }
        return tokens.matches(token) ? null : "wrong intake token";
    }
}
