package io.clayenrichment.enrichment.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.testing.Seeds;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackoffAndRetryAfterTest {

    @Test
    void fullJitterStaysUnderADoublingCeilingThatStopsAtTheMaximum() {
        Seeds.check(2_000, random -> {
            Duration initial = Duration.ofMillis(1 + random.nextInt(2_000));
            Duration max = initial.multipliedBy(1 + random.nextInt(100));
            Backoff backoff = new Backoff(initial, max, random);
            int failures = 1 + random.nextInt(50);
            Duration ceiling = backoff.ceiling(failures);
            Duration expected = initial;
            for (int i = 1; i < failures && expected.compareTo(max) < 0; i++) {
                expected = expected.multipliedBy(2);
            }
            assertThat(ceiling).isEqualTo(expected.compareTo(max) > 0 ? max : expected);
            Duration delay = backoff.delay(failures, Optional.empty());
            assertThat(delay).isBetween(Duration.ZERO, ceiling);
        });
    }

    @Test
    void retryAfterIsAFloorNeverShortened() {
        Seeds.check(2_000, random -> {
            Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), random);
            Duration asked = Duration.ofMillis(random.nextInt(20_000));
            Duration delay = backoff.delay(1 + random.nextInt(10), Optional.of(asked));
            assertThat(delay).isGreaterThanOrEqualTo(asked);
            assertThat(delay).isLessThanOrEqualTo(asked.compareTo(Duration.ofSeconds(5)) > 0 ? asked : Duration.ofSeconds(5));
        });
    }

    @Test
    void jitterSpreadsRetriesOverTheWholeRange() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1), new java.util.Random(Seeds.seed()));
        long below = 0;
        for (int i = 0; i < 1_000; i++) {
            if (backoff.delay(3, Optional.empty()).compareTo(Duration.ofSeconds(2)) < 0) {
                below++;
            }
        }
        // Uniform over [0, 4 s]: about half below 2 s. Far from it means no jitter or a skewed one.
        assertThat(below).isBetween(350L, 650L);
    }

    @Test
    void retryAfterReadsSecondsAndHttpDates() {
        Instant now = Instant.parse("2026-11-27T18:00:00Z");
        assertThat(RetryAfter.parse("7", now)).contains(Duration.ofSeconds(7));
        assertThat(RetryAfter.parse(" 0 ", now)).contains(Duration.ZERO);
        String inNinety = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(90).atOffset(ZoneOffset.UTC));
        assertThat(RetryAfter.parse(inNinety, now)).contains(Duration.ofSeconds(90));
        assertThat(RetryAfter.parse("Fri, 27 Nov 2026 17:00:00 GMT", now)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("99999999999999999999", now)).contains(RetryAfter.LONGEST);
        assertThat(RetryAfter.parse("86400", now)).contains(RetryAfter.LONGEST);
        assertThat(RetryAfter.parse("soon", now)).isEmpty();
        assertThat(RetryAfter.parse("-5", now)).isEmpty();
        assertThat(RetryAfter.parse(null, now)).isEmpty();
        assertThat(RetryAfter.parse("", now)).isEmpty();
    }

    @Test
    void retryAfterNeverThrowsOnArbitraryText() {
        Instant now = Instant.now();
        Seeds.check(5_000, random -> {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(40);
            for (int i = 0; i < length; i++) {
                text.append((char) (32 + random.nextInt(95)));
            }
            RetryAfter.parse(text.toString(), now).ifPresent(wait ->
                    assertThat(wait).isBetween(Duration.ZERO, RetryAfter.LONGEST));
        });
    }
}
