package io.clayenrichment.sandbox.enrich;

import io.clayenrichment.common.contact.ContactKey;
import io.clayenrichment.common.schema.ResultStatus;
import io.clayenrichment.sandbox.faults.Dice;
import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Made-up enrichment data. Everything is derived from the row's identity alone, so the same contact
 * gets the same data in every run, whatever the seed; whether a contact is found at all is a seeded
 * choice keyed by the same identity. The data is plainly fictional: phone numbers use the 555-01xx
 * range reserved for fiction.
 */
public final class Enricher {

    private static final List<String> FIRST_NAMES = List.of("Ada", "Grace", "Alan", "Katherine", "Edsger",
            "Barbara", "Donald", "Margaret", "Dennis", "Frances", "Ken", "Radia", "Tim", "Hedy", "Linus", "Joan");
    private static final List<String> LAST_NAMES = List.of("Lovelace", "Hopper", "Turing", "Johnson", "Dijkstra",
            "Liskov", "Knuth", "Hamilton", "Ritchie", "Allen", "Thompson", "Perlman", "Lee", "Lamarr", "Clarke",
            "Ball");
    private static final List<String> COMPANIES = List.of("Analytical Engines", "Difference Works", "Babbage & Co",
            "Punched Card Systems", "Relay Logic", "Vacuum Tube Labs", "Core Memory Inc", "Transistor Partners");
    private static final List<String> TITLES = List.of("Software Engineer", "Senior Software Engineer",
            "Engineering Manager", "Director of Engineering", "VP of Engineering", "Chief Technology Officer",
            "Revenue Operations Analyst", "Head of RevOps", "Account Executive", "VP of Sales", "Data Engineer",
            "Marketing Manager", "Founder & CEO");
    private static final List<String> SIZES = List.of("1-10", "11-50", "51-200", "201-500", "501-1000",
            "1001-5000", "5001-10000", "10001+");
    private static final List<String> INDUSTRIES = List.of("Computer Software", "Information Technology",
            "Financial Services", "Marketing and Advertising", "Hospital & Health Care", "Retail", "Manufacturing");
    private static final List<String> LOCATIONS = List.of("London, United Kingdom", "New York, NY, United States",
            "San Francisco, CA, United States", "Berlin, Germany", "Paris, France", "Toronto, Canada",
            "Amsterdam, Netherlands", "Austin, TX, United States", "Singapore", "Sydney, Australia");
    private static final List<String> AREA_CODES = List.of("212", "415", "512", "617", "646", "206", "312");
    private static final List<String> FREE_MAIL = List.of("gmail.com", "yahoo.com", "hotmail.com", "outlook.com",
            "icloud.com", "proton.me");

    private final Dice dice;

    public Enricher(Dice dice) {
        this.dice = dice;
    }

    /**
     * Enriches {@code row}: an error with probability {@code errorRate} (per attempt: a retry may
     * succeed), else not found with probability {@code notFoundRate} (per contact), else made-up data.
     * Only a success is charged.
     */
    public Enrichment enrich(Row row, double notFoundRate, double errorRate, double creditsPerRow) {
        if (dice.chance(errorRate, "enrich_error", row.attemptKey())) {
            return new Enrichment(ResultStatus.ERROR, Map.of(), 0);
        }
        String identity = row.identity();
        if (dice.chance(notFoundRate, "not_found", identity)) {
            return new Enrichment(ResultStatus.NOT_FOUND, Map.of(), 0);
        }
        return new Enrichment(ResultStatus.SUCCESS, dataFor(row, identity), creditsPerRow);
    }

    /** The data for the contact {@code identity}, using what the row already says about it. */
    static Map<String, Object> dataFor(Row row, String identity) {
        SplittableRandom random = new SplittableRandom(Dice.fnv1a64(identity));
        String email = ContactKey.normaliseEmail(row.text("email")).orElse(null);
        String[] fromEmail = namesFromEmail(email);
        String first = firstOf(row.text("first_name"), fromEmail[0], pick(random, FIRST_NAMES));
        String last = firstOf(row.text("last_name"), fromEmail[1], pick(random, LAST_NAMES));
        // A domain may come as a website (https://www.example.com/about); the contract's rule makes it a domain.
        String givenDomain = ContactKey.normaliseDomain(row.text("domain")).orElse(null);
        String knownDomain = givenDomain != null ? givenDomain : workDomainOf(email);
        String company = firstOf(row.text("company"), companyFromDomain(knownDomain), pick(random, COMPANIES));
        String domain = knownDomain != null ? knownDomain : slug(company, "") + ".com";
        String title = pick(random, TITLES);

        Map<String, Object> data = new LinkedHashMap<>();
        data.put("first_name", first);
        data.put("last_name", last);
        data.put("full_name", first + " " + last);
        data.put("work_email", slug(first, ".") + "." + slug(last, ".") + "@" + domain.toLowerCase(Locale.ROOT));
        data.put("title", title);
        data.put("seniority", seniorityOf(title));
        data.put("company", company);
        data.put("company_domain", domain.toLowerCase(Locale.ROOT));
        data.put("company_size", pick(random, SIZES));
        data.put("industry", pick(random, INDUSTRIES));
        String profileSuffix = Long.toHexString(random.nextLong(0x1000000L, 0xfffffffL));
        data.put("linkedin_url", firstOf(row.text("linkedin_url"), null, "https://www.linkedin.com/in/"
                + slug(first, "-") + "-" + slug(last, "-") + "-" + profileSuffix));
        data.put("phone", "+1 " + pick(random, AREA_CODES) + "-555-01" + String.format(Locale.ROOT, "%02d",
                random.nextInt(100)));
        data.put("location", pick(random, LOCATIONS));
        return data;
    }

    private static String seniorityOf(String title) {
        String t = title.toLowerCase(Locale.ROOT);
        if (t.contains("chief") || t.contains("ceo") || t.contains("founder")) {
            return "c_suite";
        }
        if (t.startsWith("vp")) {
            return "vp";
        }
        if (t.contains("director") || t.startsWith("head")) {
            return "director";
        }
        if (t.contains("manager")) {
            return "manager";
        }
        return t.contains("senior") ? "senior" : "entry";
    }

    private static String[] namesFromEmail(String email) {
        if (email == null || !email.contains("@")) {
            return new String[] {null, null};
        }
        String[] parts = email.substring(0, email.indexOf('@')).replaceAll("[^\\p{L}._-]", "").split("[._-]+");
        String first = parts.length > 0 && !parts[0].isEmpty() ? capitalise(parts[0]) : null;
        String last = parts.length > 1 && !parts[1].isEmpty() ? capitalise(parts[1]) : null;
        return new String[] {first, last};
    }

    private static String workDomainOf(String email) {
        if (email == null || !email.contains("@")) {
            return null;
        }
        String domain = email.substring(email.indexOf('@') + 1);
        return FREE_MAIL.contains(domain) ? null : domain;
    }

    private static String companyFromDomain(String domain) {
        if (domain == null) {
            return null;
        }
        String name = domain.split("\\.")[0];
        return name.isEmpty() ? null : capitalise(name);
    }

    private static String capitalise(String word) {
        return word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1).toLowerCase(Locale.ROOT);
    }

    /** Lower-case ASCII letters and digits, other runs replaced by {@code separator}. */
    private static String slug(String text, String separator) {
        String ascii = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("^[^a-z0-9]+|[^a-z0-9]+$", "")
                .replaceAll("[^a-z0-9]+", separator);
        return slug.isEmpty() ? "contact" : slug;
    }

    private static String firstOf(String given, String derived, String madeUp) {
        return given != null ? given : derived != null ? derived : madeUp;
    }

    private static String pick(SplittableRandom random, List<String> values) {
        return values.get(random.nextInt(values.size()));
    }
}
