package io.clayenrichment.enrichment.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.contact.ContactKey;
import io.clayenrichment.common.schema.EnrichmentRequest;
import io.clayenrichment.common.testing.Seeds;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RefreshRequestsTest {

    private static final String[] NAME_PARTS = {"ada", "Mary", "st.", " john", "j.r.r.", "o'neil", "a. b", ".", "x y",
        "Lovelace", "de la cruz", "jr."};

    @Test
    void everyContactKeyComesBackAsAForcedRequestWithThatKey() {
        Seeds.check(3_000, random -> {
            Optional<String> key = randomIdentityKey(random);
            if (key.isEmpty()) {
                return;
            }
            String requestId = RefreshRequests.newRequestId();

            Optional<EnrichmentRequest> request = RefreshRequests.forContact("acme", key.get(), requestId);

            assertThat(request).as("request for %s", key.get()).isPresent();
            assertThat(request.get().contactKey()).contains(key.get());
            assertThat(request.get().tenant()).isEqualTo("acme");
            assertThat(request.get().requestId()).isEqualTo(requestId).startsWith("refresh-");
            assertThat(request.get().forced()).isTrue();
        });
    }

    @Test
    void namesWithDotsAreSplitAtTheFirstDotThatGivesTheKeyBack() {
        EnrichmentRequest request = RefreshRequests.forContact("acme", "name:example.com/mary.st. john", "refresh-1")
                .orElseThrow();
        assertThat(request.domain()).isEqualTo("example.com");
        assertThat(request.firstName()).isEqualTo("mary");
        assertThat(request.lastName()).isEqualTo("st. john");
        EnrichmentRequest linkedin = RefreshRequests.forContact("acme", "linkedin:linkedin.com/in/ada", "refresh-2")
                .orElseThrow();
        assertThat(linkedin.linkedinUrl()).isEqualTo("https://www.linkedin.com/in/ada");
    }

    @Test
    void keysOfNoKnownFormGiveNoRequest() {
        assertThat(RefreshRequests.forContact("acme", "phone:+4412345", "r")).isEmpty();
        assertThat(RefreshRequests.forContact("acme", "name:example.com/nodot", "r")).isEmpty();
        assertThat(RefreshRequests.forContact("acme", "email:not-an-email", "r")).isEmpty();
    }

    private static Optional<String> randomIdentityKey(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> ContactKey.of(pick(random, "Ada", "ada.lovelace", "A+b", "x_y") + "@"
                    + pick(random, "Example.com", "mail.example.co.uk", "b.io"), null, null, null, null);
            case 1 -> ContactKey.of(null, pick(random, "https://www.linkedin.com/in/", "linkedin.com/in/",
                    "http://uk.linkedin.com/in/") + pick(random, "ada", "Ada-Lovelace/", "x?trk=1"), null, null, null);
            default -> ContactKey.of(null, null, pick(random, "example.com", "https://www.Example.com/about", "b.io"),
                    name(random), name(random));
        };
    }

    private static String name(Random random) {
        StringBuilder name = new StringBuilder(pick(random, NAME_PARTS));
        while (random.nextInt(3) == 0) {
            name.append(pick(random, "", " ", ".")).append(pick(random, NAME_PARTS));
        }
        return name.toString();
    }

    private static String pick(Random random, String... options) {
        return options[random.nextInt(options.length)];
    }
}
