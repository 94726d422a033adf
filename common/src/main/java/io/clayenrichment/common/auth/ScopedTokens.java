package io.clayenrichment.common.auth;

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
 * Bearer tokens that each carry the tenants they may act for, as one variable gives them
 * ({@code READ_TOKENS}, {@code INTAKE_TOKENS}): comma-separated entries, {@code token} for every tenant
 * or {@code token:acme|beta} for only those tenants (exact names, case counts). Both services parse
 * their token lists here, so an entry means the same and is refused with the same message everywhere.
 * A malformed entry stops the service at start-up; messages name the variable and the entry's position,
 * never the token.
 *
 * <p>An instance answers which scope a presented token has, comparing it with every token in constant
 * time ({@link StaticSecrets}).
 */
public final class ScopedTokens {

    private static final String SYNTAX = "token or token:tenant1|tenant2";

    private final List<ScopedToken> tokens;
    private final StaticSecrets secrets;

    public ScopedTokens(List<ScopedToken> tokens) {
        this.tokens = List.copyOf(tokens);
        this.secrets = new StaticSecrets(this.tokens.stream().map(ScopedToken::token).toList());
    }

    /** The tenants of the token {@code candidate} is, or empty when it is none of them (or null). */
    public Optional<TenantScope> scopeOf(String candidate) {
        int found = secrets.indexOf(candidate);
        return found < 0 ? Optional.empty() : Optional.of(tokens.get(found).scope());
    }

    public boolean isEmpty() {
        return tokens.isEmpty();
    }

    /**
     * The entries of {@code variable} (already split at commas, blanks dropped), in order.
     *
     * @param minLength the shortest token accepted (1: any)
     * @throws SettingsException for a malformed entry or a token given twice, naming the entry by position
     */
    public static List<ScopedToken> parse(String variable, List<String> entries, int minLength) {
        List<ScopedToken> tokens = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            String where = where(variable, i, entries.size());
            ScopedToken token = entry(entries.get(i), where, minLength);
            Integer earlier = seen.putIfAbsent(token.token(), i + 1);
            if (earlier != null) {
                // Two scopes for one token would make its tenants depend on which entry matched first.
                throw new SettingsException(where + " repeats the token of entry " + earlier
                        + ": give each token once, with all its tenants (token:acme|beta)");
            }
            tokens.add(token);
        }
        return tokens;
    }

    /** How a message names entry {@code index} (zero-based) of {@code variable}: {@code READ_TOKENS entry 2 of 3}. */
    public static String where(String variable, int index, int count) {
        return variable + " entry " + (index + 1) + " of " + count;
    }

    private static ScopedToken entry(String entry, String where, int minLength) {
        int colon = entry.indexOf(':');
        String token = (colon < 0 ? entry : entry.substring(0, colon)).strip();
        if (token.isEmpty()) {
            throw new SettingsException(where + " has no token before ':': expected " + SYNTAX);
        }
        if (token.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new SettingsException(where + " has white space or a control character in its token:"
                    + " expected " + SYNTAX + ", tokens separated by commas");
        }
        if (token.length() < minLength) {
            throw new SettingsException(where + " has a token of " + token.length() + " characters: expected at least "
                    + minLength + " (e.g. openssl rand -hex 32)");
        }
        return new ScopedToken(token, colon < 0 ? TenantScope.ALL : scope(entry.substring(colon + 1), where));
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
        return tokens.size() + " token(s) [redacted]";
    }
}
