package io.clayenrichment.local;

import io.clayenrichment.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The demo's contacts: a few hundred requests for two tenants, with the mess real producers send:
 * the same person written differently (to show de-duplication and the cache), and some requests
 * that cannot be enriched (to show the dead-letter topic with its reasons). Deterministic for a seed.
 */
final class DemoBatch {

    static final String BIG_TENANT = "acme";
    static final String SMALL_TENANT = "startup";

    private static final String[] FIRST = {"Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Margaret",
        "Ken", "Radia", "Tim", "Frances", "John", "Katherine", "Dennis", "Hedy", "Linus", "Sophie", "Guido"};
    private static final String[] LAST = {"Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth",
        "Hamilton", "Thompson", "Perlman", "Berners-Lee", "Allen", "McCarthy", "Johnson", "Ritchie", "Lamarr",
        "Torvalds", "Wilson", "van Rossum"};
    private static final String[] COMPANIES = {"Analytical Engines", "Cobol Works", "Enigma Labs", "Shortest Path",
        "Substitution Inc", "Typeset Co", "Apollo Guidance", "Unix Systems", "Spanning Tree", "Hypertext Ltd"};

    private DemoBatch() {}

    /** The raw values to produce, in order: valid requests, duplicates and invalid ones mixed. */
    static List<byte[]> generate(int count, long seed, String runId) {
        Random random = new Random(seed);
        List<Map<String, Object>> contacts = new ArrayList<>();
        List<byte[]> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String requestId = "demo-" + runId + "-" + i;
            String tenant = random.nextInt(3) == 0 ? SMALL_TENANT : BIG_TENANT;
            int kind = random.nextInt(100);
            if (kind < 4) {
                values.add(invalid(random, requestId, tenant));
            } else if (kind < 18 && !contacts.isEmpty()) {
                Map<String, Object> again = new LinkedHashMap<>(contacts.get(random.nextInt(contacts.size())));
                again.put("request_id", requestId);
                again.computeIfPresent("email", (k, v) -> "  " + v.toString().toUpperCase(Locale.ROOT) + " ");
                values.add(Json.write(again));
            } else {
                Map<String, Object> contact = contact(random, requestId, tenant, i);
                contacts.add(contact);
                values.add(Json.write(contact));
            }
        }
        return values;
    }

    private static Map<String, Object> contact(Random random, String requestId, String tenant, int index) {
        String first = FIRST[random.nextInt(FIRST.length)];
        String last = LAST[random.nextInt(LAST.length)];
        String company = COMPANIES[random.nextInt(COMPANIES.length)];
        String domain = company.toLowerCase(Locale.ROOT).replace(' ', '-') + ".example";
        String handle = (first + "." + last).toLowerCase(Locale.ROOT).replace(' ', '-') + index;
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("request_id", requestId);
        request.put("tenant", tenant);
        int identity = random.nextInt(100);
        if (identity < 60) {
            request.put("email", handle + "@" + domain);
        } else if (identity < 85) {
            request.put("linkedin_url", "https://www.linkedin.com/in/" + handle.replace('.', '-') + "/");
        } else {
            request.put("domain", "https://www." + domain);
            request.put("first_name", first);
            request.put("last_name", last + index);
        }
        request.put("company", company);
        request.put("attributes", Map.of("source", "local-demo", "crm_id", 10_000 + index));
        return request;
    }

    private static byte[] invalid(Random random, String requestId, String tenant) {
        return switch (random.nextInt(3)) {
            case 0 -> ("{\"request_id\":\"" + requestId + "\",\"tenant\":\"" + tenant + "\",\"email\":")
                    .getBytes(StandardCharsets.UTF_8);
            case 1 -> Json.write(Map.of("request_id", requestId, "tenant", tenant, "company", "No Identity Ltd"));
            default -> Json.write(Map.of("request_id", requestId, "tenant", tenant, "email", "not-an-email"));
        };
    }
}
