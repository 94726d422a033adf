package io.clayenrichment.sandbox.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-11-27T18:00:00Z");
    private static final Duration LONGEST = Duration.ofMinutes(1);

    @Test
    void readsSecondsAndHttpDatesAndKeepsWaitsInBounds() {
        assertThat(RetryAfter.parse("3", NOW, LONGEST)).contains(Duration.ofSeconds(3));
        assertThat(RetryAfter.parse(" 0 ", NOW, LONGEST)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("Fri, 27 Nov 2026 18:00:05 GMT", NOW, LONGEST)).contains(Duration.ofSeconds(5));
        assertThat(RetryAfter.parse("Fri, 27 Nov 2026 17:00:00 GMT", NOW, LONGEST)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("-4", NOW, LONGEST)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("86400", NOW, LONGEST)).contains(LONGEST);
        assertThat(RetryAfter.parse("soon", NOW, LONGEST)).isEmpty();
        assertThat(RetryAfter.parse(null, NOW, LONGEST)).isEmpty();
        assertThat(RetryAfter.parse("", NOW, LONGEST)).isEmpty();
    }
}
