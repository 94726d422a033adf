package io.clayenrichment.common.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.config.SettingsException;
import io.clayenrichment.common.testing.Seeds;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Seeded randomised properties of the token-list parser both services use for READ_TOKENS and
 * INTAKE_TOKENS (replay a failure with -Dtest.seed=N): valid lists come back entry for entry with their
 * scopes, and one malformed entry anywhere stops start-up naming its position and no token.
 */
class ScopedTokensPropertyTest {

    private static final String VARIABLE = "SOME_TOKENS";
    private static final int MIN_LENGTH = 16;
    private static final String TOKEN_CHARACTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~+/=";
    private static final String[] TENANT_PARTS = {"acme", "Acme", "beta", "default", "t-1", "ünïcode", "a b", "x.y", "日本"};
    private static final String[] TOKEN_PADDING = {"", " ", "  ", "\t"};
    // Tenants are stripped as everywhere (Blank.strip), which also takes no-break spaces.
    private static final String[] TENANT_PADDING = {"", " ", "\t", "\u00a0", "\u200b"};

    /** A well-formed entry and what it must parse to. */
    private record Entry(String text, String token, TenantScope scope) {}

    /** A malformed entry and the start of its message after "VARIABLE entry i of n". */
    private record Malformed(String text, String message) {}

    @Test
    void validListsParseEntryForEntryAndEachTokenMatchesOnlyItsOwnScope() {
        Seeds.check(400, random -> {
            List<Entry> entries = validEntries(random, 1 + random.nextInt(8));
            List<ScopedToken> parsed = ScopedTokens.parse(VARIABLE, asEnv(random, entries), MIN_LENGTH);

            assertThat(parsed).extracting(ScopedToken::token).containsExactlyElementsOf(
                    entries.stream().map(Entry::token).toList());
            assertThat(parsed).extracting(ScopedToken::scope).containsExactlyElementsOf(
                    entries.stream().map(Entry::scope).toList());
            ScopedTokens tokens = new ScopedTokens(parsed);
            Set<String> given = new LinkedHashSet<>(entries.stream().map(Entry::token).toList());
            for (Entry entry : entries) {
                assertThat(tokens.scopeOf(entry.token())).contains(entry.scope());
                for (String other : List.of(entry.token() + "x", entry.token().substring(1),
                        entry.token().toUpperCase(Locale.ROOT))) {
                    if (!given.contains(other)) {
                        assertThat(tokens.scopeOf(other)).as("%s is no token", other).isEmpty();
                    }
                }
            }
            assertThat(tokens.scopeOf(null)).isEmpty();
            assertThat(tokens.toString()).doesNotContain(entries.get(0).token());
        });
    }

    @Test
    void oneMalformedEntryAnywhereIsNamedByItsPositionAndNoTokenIsShown() {
        Seeds.check(400, random -> {
            List<Entry> valid = validEntries(random, random.nextInt(6));
            int position = random.nextInt(valid.size() + 1);
            Malformed bad = malformed(random, valid.subList(0, position));
            List<String> texts = new ArrayList<>(valid.stream().map(Entry::text).toList());
            texts.add(position, bad.text());

            SettingsException refused = catchThrowableOfType(
                    () -> ScopedTokens.parse(VARIABLE, texts, MIN_LENGTH), SettingsException.class);

            assertThat(refused).as("entry %s among %s", bad.text(), texts).isNotNull();
            assertThat(refused.getMessage())
                    .startsWith(VARIABLE + " entry " + (position + 1) + " of " + texts.size() + bad.message());
            for (Entry entry : valid) {
                assertThat(refused.getMessage()).doesNotContain(entry.token());
            }
            assertThat(refused.getMessage()).doesNotContain("secret");
        });
    }

    private static List<Entry> validEntries(Random random, int count) {
        List<Entry> entries = new ArrayList<>();
        Set<String> tokens = new LinkedHashSet<>();
        while (entries.size() < count) {
            String token = token(random, MIN_LENGTH + random.nextInt(50));
            if (!tokens.add(token)) {
                continue;
            }
            if (random.nextBoolean()) {
                entries.add(new Entry(pad(random, TOKEN_PADDING) + token + pad(random, TOKEN_PADDING), token,
                        TenantScope.ALL));
                continue;
            }
            List<String> tenants = new ArrayList<>();
            for (int i = 1 + random.nextInt(4); i > 0; i--) {
                tenants.add(TENANT_PARTS[random.nextInt(TENANT_PARTS.length)] + (random.nextBoolean() ? "" : i));
            }
            StringBuilder text = new StringBuilder(pad(random, TOKEN_PADDING) + token + pad(random, TOKEN_PADDING) + ":");
            for (int i = 0; i < tenants.size(); i++) {
                text.append(i == 0 ? "" : "|").append(pad(random, TENANT_PADDING)).append(tenants.get(i))
                        .append(pad(random, TENANT_PADDING));
            }
            entries.add(new Entry(text.toString(), token, TenantScope.only(tenants)));
        }
        return entries;
    }

    /** The entries as an environment variable gives them: comma-separated, blanks between commas ignored. */
    private static List<String> asEnv(Random random, List<Entry> entries) {
        StringBuilder value = new StringBuilder();
        for (Entry entry : entries) {
            value.append(entry.text()).append(random.nextInt(4) == 0 ? ", ," : ",");
        }
        return new Env(Map.of(VARIABLE, value.toString())).list(VARIABLE);
    }

    /** A malformed entry; {@code before} are the valid entries ahead of it, whose tokens it may repeat. */
    private static Malformed malformed(Random random, List<Entry> before) {
        String token = "secret" + token(random, MIN_LENGTH);
        List<BiFunction<Random, String, Malformed>> kinds = new ArrayList<>(List.of(
                (r, t) -> new Malformed(":acme", " has no token before ':'"),
                (r, t) -> new Malformed(" :acme|beta", " has no token before ':'"),
                (r, t) -> new Malformed(t.substring(0, 8) + " " + t.substring(8),
                        " has white space or a control character in its token"),
                (r, t) -> new Malformed(t.substring(0, 8) + "\u0007" + t.substring(8) + ":acme",
                        " has white space or a control character in its token"),
                (r, t) -> new Malformed("secret" + token(r, r.nextInt(MIN_LENGTH - 6)), " has a token of "),
                (r, t) -> new Malformed(t + ":", " has an empty tenant in its scope (tenant 1)"),
                (r, t) -> new Malformed(t + ":acme||beta", " has an empty tenant in its scope (tenant 2)"),
                (r, t) -> new Malformed(t + ":acme| \u00a0 ", " has an empty tenant in its scope (tenant 2)"),
                (r, t) -> new Malformed(t + ":acme|be\u0001ta", ", tenant 2 of its scope: must not contain control"),
                (r, t) -> new Malformed(t + ":" + "t".repeat(201), ", tenant 1 of its scope: longer than 200")));
        if (!before.isEmpty()) {
            int repeated = random.nextInt(before.size());
            kinds.add((r, t) -> new Malformed(before.get(repeated).token() + (r.nextBoolean() ? "" : ":other"),
                    " repeats the token of entry " + (repeated + 1) + ":"));
        }
        return kinds.get(random.nextInt(kinds.size())).apply(random, token);
    }

    private static String token(Random random, int length) {
        StringBuilder token = new StringBuilder();
        for (int i = 0; i < length; i++) {
            token.append(TOKEN_CHARACTERS.charAt(random.nextInt(TOKEN_CHARACTERS.length())));
        }
        return token.toString();
    }

    private static String pad(Random random, String[] padding) {
        return padding[random.nextInt(padding.length)];
    }
}
