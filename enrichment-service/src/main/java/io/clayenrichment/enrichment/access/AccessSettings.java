package io.clayenrichment.enrichment.access;

import io.clayenrichment.common.auth.ScopedToken;
import io.clayenrichment.common.auth.ScopedTokens;
import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.config.SettingsException;
import java.util.List;
import java.util.Optional;

/**
 * Who may use the HTTP API's tenant data: the operator token (reads every tenant, changes budgets) and
 * the read tokens ({@code READ_TOKENS}: comma-separated, as many as wanted so that a rotation can keep
 * the old ones a while; {@code token} reads every tenant, {@code token:acme|beta} only those tenants).
 * Entries are parsed by {@link ScopedTokens}, as {@code INTAKE_TOKENS} are: a malformed entry stops the
 * service at start-up; messages name the entry by its position, never the token.
 *
 * @param operatorToken {@code OPERATOR_TOKEN}, when set
 * @param readTokens the entries of {@code READ_TOKENS}, in order
 */
public record AccessSettings(Optional<String> operatorToken, List<ScopedToken> readTokens) {

    public static final String OPERATOR_TOKEN = "OPERATOR_TOKEN";
    public static final String READ_TOKENS = "READ_TOKENS";
    /** Shorter tokens can be guessed; {@code openssl rand -hex 32} gives 64 characters. */
    static final int MIN_TOKEN_LENGTH = 16;

    public AccessSettings {
        readTokens = List.copyOf(readTokens);
    }

    public static AccessSettings fromEnv(Env env) {
        Optional<String> operator = Optional.ofNullable(env.raw(OPERATOR_TOKEN));
        return new AccessSettings(operator, parse(env.list(READ_TOKENS), operator));
    }

    /** Whether anyone can read tenant data at all. */
    public boolean readsPossible() {
        return operatorToken.isPresent() || !readTokens.isEmpty();
    }

    static List<ScopedToken> parse(List<String> entries, Optional<String> operator) {
        List<ScopedToken> tokens = ScopedTokens.parse(READ_TOKENS, entries, MIN_TOKEN_LENGTH);
        for (int i = 0; i < tokens.size(); i++) {
            if (operator.isPresent() && operator.get().equals(tokens.get(i).token())) {
                throw new SettingsException(ScopedTokens.where(READ_TOKENS, i, tokens.size()) + " is the "
                        + OPERATOR_TOKEN + ": a read token must differ from it"
                        + " (the operator token reads every tenant already)");
            }
        }
        return tokens;
    }

    @Override
    public String toString() {
        return "AccessSettings[operatorToken=" + (operatorToken.isPresent() ? "[redacted]" : "none") + ", readTokens="
                + readTokens.size() + " [redacted]]";
    }
}
