package io.clayenrichment.sandbox.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.schema.ResultStatus;
import io.clayenrichment.common.testing.Seeds;
import io.clayenrichment.sandbox.faults.Dice;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Made-up data: a function of the contact alone, complete, and plausible enough to route on. */
class EnricherPropertyTest {

    private static final List<String> NAMES = List.of("ada", "Grace", "José", "Zoë", "o'brien", "李", "x");

    private static String pick(Random random, List<String> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static Map<String, Object> randomRow(Random random) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("correlation_id", "c-" + random.nextLong());
        row.put("request_id", random.nextBoolean() ? "r-" + random.nextInt(1000) : null);
        row.put("tenant", random.nextBoolean() ? "acme" : "beta");
        switch (random.nextInt(4)) {
            case 0 -> row.put("email", pick(random, NAMES) + "." + pick(random, NAMES) + random.nextInt(100)
                    + "@" + pick(random, List.of("example.com", "gmail.com", "acme.io")));
            case 1 -> row.put("linkedin_url", "https://www.linkedin.com/in/" + pick(random, NAMES) + random.nextInt(1000));
            case 2 -> {
                row.put("domain", pick(random, List.of("example.com", "https://www.acme.io/about", "b.co")));
                row.put("first_name", pick(random, NAMES));
                row.put("last_name", pick(random, NAMES) + random.nextInt(50));
            }
            default -> row.put("notes", "no identity " + random.nextInt(1000));
        }
        if (random.nextBoolean()) {
            row.put("company", pick(random, List.of("Acme", "Initech & Co", "Ünïcode GmbH")));
        }
        return row;
    }

    @Test
    void theSameContactGetsTheSameCompleteDataWhateverTheAttempt() {
        Enricher enricher = new Enricher(new Dice(1));
        Seeds.check(500, random -> {
            Map<String, Object> fields = randomRow(random);
            Map<String, Object> otherAttempt = new LinkedHashMap<>(fields);
            otherAttempt.put("correlation_id", "c-other");
            otherAttempt.put("request_id", "r-other");
            otherAttempt.put("tenant", "gamma");

            Enrichment first = enricher.enrich(new Row("table-1", 1, fields), 0, 0, 1);
            Enrichment second = enricher.enrich(new Row("table-2", 2, otherAttempt), 0, 0, 1);

            assertThat(second).isEqualTo(first);
            assertThat(first.status()).isEqualTo(ResultStatus.SUCCESS);
            assertThat(first.creditsUsed()).isEqualTo(1.0);
            for (String field : List.of("work_email", "title", "seniority", "company", "company_size",
                    "linkedin_url", "phone", "location")) {
                assertThat(first.data().get(field)).as(field).isInstanceOf(String.class);
                assertThat((String) first.data().get(field)).as(field).isNotBlank();
            }
            assertThat((String) first.data().get("work_email")).matches("[a-z0-9]+(\\.[a-z0-9]+)*@[a-z0-9.-]+\\.[a-z]+");
            assertThat((String) first.data().get("phone")).matches("\\+1 \\d{3}-555-01\\d{2}");
            if (fields.containsKey("linkedin_url")) {
                assertThat(first.data().get("linkedin_url")).isEqualTo(fields.get("linkedin_url"));
            }
            if (fields.containsKey("company")) {
                assertThat(first.data().get("company")).isEqualTo(fields.get("company"));
            }
        });
    }

    @Test
    void differentContactsMostlyGetDifferentData() {
        Set<Object> phones = new HashSet<>();
        Set<Object> emails = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            Map<String, Object> data = Enricher.dataFor(new Row("t", i, Map.of("linkedin_url",
                    "https://linkedin.com/in/p" + i)), "linkedin:linkedin.com/in/p" + i);
            phones.add(data.get("phone"));
            emails.add(data.get("work_email"));
        }
        assertThat(phones.size()).isGreaterThan(100);
        assertThat(emails.size()).isGreaterThan(100);
    }

    @Test
    void notFoundFollowsTheRateForTheSeedAndIsStablePerContact() {
        Seeds.check(20, random -> {
            double rate = random.nextDouble();
            long seed = random.nextLong();
            Enricher enricher = new Enricher(new Dice(seed));
            Enricher sameSeed = new Enricher(new Dice(seed));
            int n = 2_000;
            int notFound = 0;
            for (int i = 0; i < n; i++) {
                Row row = new Row("t", i, Map.of("email", "p" + i + "@example.com"));
                Enrichment enrichment = enricher.enrich(row, rate, 0, 1);
                assertThat(sameSeed.enrich(row, rate, 0, 1).status()).isEqualTo(enrichment.status());
                if (enrichment.status() == ResultStatus.NOT_FOUND) {
                    notFound++;
                    assertThat(enrichment.creditsUsed()).isZero();
                    assertThat(enrichment.data()).isEmpty();
                }
            }
            double sd = Math.sqrt(n * rate * (1 - rate));
            assertThat((double) notFound).isBetween(n * rate - 5 * sd - 1, n * rate + 5 * sd + 1);
        });
    }

    @Test
    void anEnrichmentErrorIsPerAttemptAndNeverCharged() {
        Enricher enricher = new Enricher(new Dice(3));
        int errors = 0;
        int n = 2_000;
        for (int i = 0; i < n; i++) {
            // The same contact every time: whether an attempt errs depends on the attempt, not the contact.
            Row attempt = new Row("t", i, Map.of("correlation_id", "a-" + i, "email", "ada@example.com"));
            Enrichment enrichment = enricher.enrich(attempt, 0, 0.25, 1);
            if (enrichment.status() == ResultStatus.ERROR) {
                errors++;
                assertThat(enrichment.creditsUsed()).isZero();
                assertThat(enrichment.data()).isEmpty();
            } else {
                assertThat(enrichment.status()).isEqualTo(ResultStatus.SUCCESS);
            }
        }
        assertThat(errors).isBetween(400, 600);
        assertThat(enricher.enrich(new Row("t", 1, Map.of("email", "ada@example.com")), 1, 1, 1).status())
                .isEqualTo(ResultStatus.ERROR);
    }
}
