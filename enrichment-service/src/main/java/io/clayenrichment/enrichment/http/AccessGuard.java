package io.clayenrichment.enrichment.http;

import io.clayenrichment.common.auth.Bearer;
import io.clayenrichment.common.auth.ScopedTokens;
import io.clayenrichment.common.auth.StaticSecrets;
import io.clayenrichment.common.auth.TenantScope;
import io.clayenrichment.common.http.ApiError;
import io.clayenrichment.common.http.ErrorCode;
import io.clayenrichment.enrichment.access.AccessSettings;
import io.javalin.http.Context;

/**
 * Who may call the routes of tenant data. Reads need a read token ({@code READ_TOKENS}) or the operator
 * token, and see the tenants of that token; changes need the operator token. Tokens are compared in
 * constant time ({@link StaticSecrets}). A request forwarded by another instance is checked like any
 * other: the forwarder relays the caller's own {@code Authorization}, so forwarding neither skips the
 * check nor widens the caller's scope.
 */
public final class AccessGuard {

    private final StaticSecrets operator;
    private final ScopedTokens readers;
    private final boolean readsPossible;

    public AccessGuard(AccessSettings settings) {
        this.operator = new StaticSecrets(settings.operatorToken().stream().toList());
        this.readers = new ScopedTokens(settings.readTokens());
        this.readsPossible = settings.readsPossible();
    }

    /**
     * The tenants the caller may read.
     *
     * @throws ApiError 401 without a read token or the operator token
     */
    TenantScope reader(Context ctx) {
        String token = bearer(ctx, "send Authorization: Bearer <one of READ_TOKENS, or OPERATOR_TOKEN>");
        if (operator.matches(token)) {
            return TenantScope.ALL;
        }
        return readers.scopeOf(token).orElseThrow(() -> ApiError.unauthorized(readsPossible
                ? "the token is neither a read token nor the operator token"
                : "no read token is configured: set READ_TOKENS (or OPERATOR_TOKEN) on the enrichment service"));
    }

    /**
     * Passes only with the operator token.
     *
     * @throws ApiError 503 when no operator token is configured, 401 without it, 403 with a read token
     */
    void operator(Context ctx) {
        if (operator.isEmpty()) {
            throw new ApiError(ErrorCode.OPERATOR_TOKEN_NOT_CONFIGURED,
                    "budget changes are disabled: set OPERATOR_TOKEN to enable them");
        }
        String token = bearer(ctx, "send Authorization: Bearer <OPERATOR_TOKEN>");
        if (operator.matches(token)) {
            return;
        }
        if (readers.scopeOf(token).isPresent()) {
            throw new ApiError(ErrorCode.FORBIDDEN, "a read token cannot change budgets: use OPERATOR_TOKEN");
        }
        throw ApiError.unauthorized("the operator token is wrong");
    }

    /** 403 for a tenant outside the caller's scope, whether the tenant exists or not (so it tells nothing). */
    static void requireTenant(TenantScope scope, String tenant) {
        if (!scope.allows(tenant)) {
            throw new ApiError(ErrorCode.FORBIDDEN, "this token may not read tenant '" + tenant + "'");
        }
    }

    private static String bearer(Context ctx, String howTo) {
        String token = Bearer.token(ctx.header("Authorization"));
        if (token == null || token.isEmpty()) {
            throw ApiError.unauthorized(howTo);
        }
        return token;
    }
}
