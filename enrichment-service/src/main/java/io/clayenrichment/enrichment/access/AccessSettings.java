package io.clayenrichment.enrichment.access;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.config.SettingsException;
import io.clayenrichment.common.schema.Blank;
import io.clayenrichment.common.schema.Tenants;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who may use the HTTP API's tenant data: the operator token (reads every tenant, changes budgets) and
 * the read tokens ({@code READ_TOKENS}: comma-separated, as many as wanted so that a rotation can keep
 * the old ones a while; {@code token} reads every tenant, {@code token:acme|beta} only those tenants).
 * A malformed entry stops the service at start-up; messages name the entry by its position, never
 * the token.
 *
 * @param operatorToken {@code OPERATOR_TOKEN}, when set
 * @param readTokens the entries of {@code READ_TOKENS}, in order
 */
public record AccessSettings(Optional<String> operatorToken, List<ReadToken> readTokens) {

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

    static List<ReadToken> parse(List<String> entries, Optional<String> operator) {
        List<ReadToken> tokens = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            String where = READ_TOKENS + " entry " + (i + 1) + " of " + entries.size();
            ReadToken token = entry(entries.get(i), where);
            Integer earlier = seen.putIfAbsent(token.token(), i + 1);
            if (earlier != null) {
                throw new SettingsException(where + " repeats the token of entry " + earlier
                        + ": give each token once, with all the tenants it may read (token:acme|beta)");
            }
            if (operator.isPresent() && operator.get().equals(token.token())) {
                throw new SettingsException(where + " is the " + OPERATOR_TOKEN + ": a read token must differ from it"
                        + " (the operator token reads every tenant already)");
            }
            tokens.add(token);
        }
        return tokens;
    }

    /** {@code token} or {@code token:tenant1|tenant2}. */
    private static ReadToken entry(String entry, String where) {
        int colon = entry.indexOf(':');
        String token = (colon < 0 ? entry : entry.substring(0, colon)).strip();
        if (token.isEmpty()) {
            throw new SettingsException(where + " has no token before ':': expected token or token:tenant1|tenant2");
        }
        if (token.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new SettingsException(where + " has white space or a control character in its token:"
                    + " expected token or token:tenant1|tenant2, tokens separated by commas");
        }
        if (token.length() < MIN_TOKEN_LENGTH) {
            throw new SettingsException(where + " has a token of " + token.length() + " characters: expected at least "
                    + MIN_TOKEN_LENGTH + " (e.g. openssl rand -hex 32)");
        }
        return new ReadToken(token, colon < 0 ? TenantScope.ALL : scope(entry.substring(colon + 1), where));
    }

    private static TenantScope scope(String text, String where) {
        Set<String> tenants = new LinkedHashSet<>();
        String[] names = text.split("\\|", -1);
        for (int i = 0; i < names.length; i++) {
            // Tenants are stripped wherever they enter the platform, so a stripped name is the one stored.
            String tenant = Blank.strip(names[i]);
            if (tenant.isEmpty()) {
                throw new SettingsException(where + " has an empty tenant in its scope (tenant " + (i + 1)
                        + "): expected token:tenant1|tenant2");
            }
            Optional<String> problem = Tenants.problem(tenant);
            if (problem.isPresent()) {
                throw new SettingsException(where + ", tenant " + (i + 1) + " of its scope: "
                        + problem.get().replace("field 'tenant': ", ""));
            }
            tenants.add(tenant);
        }
        return TenantScope.only(tenants);
    }

    @Override
    public String toString() {
        return "AccessSettings[operatorToken=" + (operatorToken.isPresent() ? "[redacted]" : "none") + ", readTokens="
                + readTokens.size() + " [redacted]]";
    }
}
