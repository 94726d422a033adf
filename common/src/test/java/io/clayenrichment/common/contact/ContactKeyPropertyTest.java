package io.clayenrichment.common.contact;

import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.testing.Seeds;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ContactKeyPropertyTest {

    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String LOCAL_CHARS = LETTERS + "0123456789._+-";
    private static final String[] SPACES = {"", " ", "  ", "\t", "\n", " \t ", "\u00a0"};

    @Test
    void emailKeyIgnoresCaseAndSurroundingWhiteSpace() {
        Seeds.check(5_000, random -> {
            String email = email(random);
            String canonical = ContactKey.normaliseEmail(email).orElseThrow();
            String variant = pad(random, randomCase(random, email));
            assertThat(ContactKey.normaliseEmail(variant)).contains(canonical);
            assertThat(canonical).isEqualTo(canonical.toLowerCase(Locale.ROOT)).doesNotContainAnyWhitespaces();
            assertThat(key(variant, null)).contains("email:" + canonical);
        });
    }

    @Test
    void normalisationIsIdempotent() {
        Seeds.check(5_000, random -> {
            String email = pad(random, randomCase(random, email(random)));
            String once = ContactKey.normaliseEmail(email).orElseThrow();
            assertThat(ContactKey.normaliseEmail(once)).contains(once);

            String url = linkedinVariant(random, slug(random));
            String normalised = ContactKey.normaliseLinkedinUrl(url).orElseThrow();
            assertThat(ContactKey.normaliseLinkedinUrl(normalised)).contains(normalised);

            String domain = domain(random);
            String host = ContactKey.normaliseDomain(websiteVariant(random, domain)).orElseThrow();
            assertThat(ContactKey.normaliseDomain(host)).contains(host);
        });
    }

    @Test
    void linkedinKeyIsStableAcrossUrlVariants() {
        Seeds.check(5_000, random -> {
            String slug = slug(random);
            String expected = "linkedin:linkedin.com/in/" + slug.toLowerCase(Locale.ROOT);
            assertThat(key(null, linkedinVariant(random, slug))).contains(expected);
            assertThat(key(null, linkedinVariant(random, slug))).contains(expected);
        });
    }

    @Test
    void nameKeyIsLowerCasedAndStableAcrossWebsiteForms() {
        Seeds.check(2_000, random -> {
            String domain = domain(random);
            String first = word(random, 1 + random.nextInt(8));
            String last = word(random, 1 + random.nextInt(10));
            Optional<String> key = ContactKey.of(null, null, websiteVariant(random, domain),
                    pad(random, randomCase(random, first)), pad(random, randomCase(random, last)));
            assertThat(key).contains("name:" + domain.toLowerCase(Locale.ROOT) + "/"
                    + first.toLowerCase(Locale.ROOT) + "." + last.toLowerCase(Locale.ROOT));
        });
    }

    @Test
    void identitiesAreTakenInTheContractsOrder() {
        Seeds.check(1_000, random -> {
            String email = email(random);
            String url = linkedinVariant(random, slug(random));
            assertThat(ContactKey.of(email, url, "example.com", "Ada", "Lovelace").orElseThrow()).startsWith("email:");
            assertThat(ContactKey.of("not-an-email", url, "example.com", "Ada", "Lovelace").orElseThrow())
                    .startsWith("linkedin:");
            assertThat(ContactKey.of(null, "https://example.com/in/x", "example.com", "Ada", "Lovelace")
                    .orElseThrow()).startsWith("name:");
        });
    }

    @Test
    void missingOrUnusableIdentityHasNoKeyAndSaysWhy() {
        assertThat(ContactKey.of(null, null, null, null, null)).isEmpty();
        assertThat(ContactKey.of("null", "", " ", "null", null)).isEmpty();
        assertThat(ContactKey.of("ada@", null, null, null, null)).isEmpty();
        assertThat(ContactKey.of("ada at example.com", null, null, null, null)).isEmpty();
        assertThat(ContactKey.of(null, "https://twitter.com/ada", null, null, null)).isEmpty();
        assertThat(ContactKey.of(null, "https://www.linkedin.com/", null, null, null)).isEmpty();
        assertThat(ContactKey.of(null, null, "example.com", "Ada", null)).isEmpty();
        assertThat(ContactKey.of(null, null, "not a domain", "Ada", "Lovelace")).isEmpty();

        assertThat(ContactKey.whyUnusable(null, null, null, null, null))
                .contains("give email, or linkedin_url, or domain with first_name and last_name");
        assertThat(ContactKey.whyUnusable("ada@", null, null, null, null)).contains("email 'ada@'");
        assertThat(ContactKey.whyUnusable(null, null, "example.com", "Ada", null))
                .contains("domain, first_name and last_name must all be given");
    }

    @Test
    void knownExamples() {
        assertThat(ContactKey.of("  Ada@Example.COM ", null, null, null, null)).contains("email:ada@example.com");
        assertThat(ContactKey.of(null, "http://WWW.LinkedIn.com/in/Ada-Lovelace/?trk=x#top", null, null, null))
                .contains("linkedin:linkedin.com/in/ada-lovelace");
        assertThat(ContactKey.of(null, "uk.linkedin.com/in/ada-lovelace", null, null, null))
                .contains("linkedin:linkedin.com/in/ada-lovelace");
        assertThat(ContactKey.of(null, null, "https://www.Example.com/about", " Ada ", "Lovelace"))
                .contains("name:example.com/ada.lovelace");
        // found by normalisationIsIdempotent (seed -985930262575505474): a domain whose first label is "www"
        assertThat(ContactKey.normaliseDomain("www.www.example.com")).contains("example.com");
        assertThat(ContactKey.normaliseDomain("www.com")).contains("www.com");
    }

    private static Optional<String> key(String email, String url) {
        return ContactKey.of(email, url, null, null, null);
    }

    private static String email(Random random) {
        StringBuilder local = new StringBuilder();
        local.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            local.append(LOCAL_CHARS.charAt(random.nextInt(LOCAL_CHARS.length())));
        }
        return local + "@" + domain(random);
    }

    private static String domain(Random random) {
        int labels = 1 + random.nextInt(3);
        StringBuilder domain = new StringBuilder(word(random, 1 + random.nextInt(10)));
        for (int i = 0; i < labels; i++) {
            domain.append('.').append(word(random, 2 + random.nextInt(5)));
        }
        return domain.toString();
    }

    private static String slug(Random random) {
        String slug = word(random, 2 + random.nextInt(10));
        return random.nextBoolean() ? slug + "-" + (random.nextInt(9000) + 1000) : slug;
    }

    private static String word(Random random, int length) {
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < length; i++) {
            word.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
        }
        return word.toString();
    }

    private static String linkedinVariant(Random random, String slug) {
        String scheme = new String[] {"", "http://", "https://", "HTTPS://"}[random.nextInt(4)];
        String host = new String[] {"linkedin.com", "www.linkedin.com", "WWW.LinkedIn.com", "de.linkedin.com"}[
                random.nextInt(4)];
        String trailing = new String[] {"", "/", "//"}[random.nextInt(3)];
        String query = new String[] {"", "?trk=public_profile", "?originalSubdomain=uk&x=1", "#about"}[
                random.nextInt(4)];
        return pad(random, scheme + host + "/in/" + randomCase(random, slug) + trailing + query);
    }

    private static String websiteVariant(Random random, String domain) {
        String scheme = new String[] {"", "http://", "https://"}[random.nextInt(3)];
        String www = random.nextBoolean() ? "www." : "";
        String path = new String[] {"", "/", "/about", "/?ref=x"}[random.nextInt(4)];
        return pad(random, scheme + www + randomCase(random, domain) + path);
    }

    private static String randomCase(Random random, String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            out.append(random.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        return out.toString();
    }

    private static String pad(Random random, String text) {
        return SPACES[random.nextInt(SPACES.length)] + text + SPACES[random.nextInt(SPACES.length)];
    }
}
