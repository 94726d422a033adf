package io.clayenrichment.enrichment.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.contact.ContactKey;
import io.clayenrichment.common.testing.Seeds;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The key a caller gives is found under the key the topology stored. */
class LookupKeyTest {

    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    @Test
    void examples() {
        assertThat(LookupKey.canonical("email:Ada@Example.com")).contains("email:ada@example.com");
        assertThat(LookupKey.canonical(" EMAIL:ada@example.com ")).contains("email:ada@example.com");
        assertThat(LookupKey.canonical("linkedin:https://www.linkedin.com/in/Ada/")).contains("linkedin:linkedin.com/in/ada");
        assertThat(LookupKey.canonical("name:example.com/ada.lovelace")).contains("name:example.com/ada.lovelace");
        assertThat(LookupKey.canonical("email:not-an-address")).isEmpty();
        assertThat(LookupKey.canonical("linkedin:example.com/in/ada")).isEmpty();
        assertThat(LookupKey.canonical("name:example.com/ada")).isEmpty();
        assertThat(LookupKey.canonical("name:/ada.lovelace")).isEmpty();
        assertThat(LookupKey.canonical("phone:+442079460000")).isEmpty();
        assertThat(LookupKey.canonical("ada@example.com")).isEmpty();
        assertThat(LookupKey.canonical("   ")).isEmpty();
        assertThat(LookupKey.canonical(null)).isEmpty();
    }

    /** Every key the topology derives from an identity is looked up as itself, and canonical is idempotent. */
    @Test
    void everyDerivedKeyIsItsOwnCanonicalForm() {
        Seeds.check(3000, random -> {
            String email = random.nextInt(3) == 0 ? null : word(random) + "@" + word(random) + ".com";
            String linkedin = random.nextBoolean() ? null
                    : (random.nextBoolean() ? "https://www." : "") + "LinkedIn.com/in/" + word(random)
                            + (random.nextBoolean() ? "/" : "");
            String first = word(random);
            String last = random.nextBoolean() ? word(random) + " " + word(random) : word(random);
            Optional<String> key = ContactKey.of(email, linkedin, word(random) + ".org", first, last);
            assertThat(key).isPresent();
            assertThat(LookupKey.canonical(key.get())).as(key.get()).contains(key.get());

            String noisy = noise(random, key.get());
            LookupKey.canonical(noisy).ifPresent(canonical ->
                    assertThat(LookupKey.canonical(canonical)).as(noisy).contains(canonical));
        });
    }

    private static String word(Random random) {
        StringBuilder word = new StringBuilder();
        for (int i = 0, n = 1 + random.nextInt(10); i < n; i++) {
            word.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
        }
        return word.toString();
    }

    private static String noise(Random random, String key) {
        StringBuilder noisy = new StringBuilder(key);
        for (int i = 0, n = random.nextInt(3); i < n; i++) {
            noisy.insert(random.nextInt(noisy.length() + 1), " /.:@".charAt(random.nextInt(5)));
        }
        return random.nextBoolean() ? noisy.toString().toUpperCase(java.util.Locale.ROOT) : noisy.toString();
    }
}
