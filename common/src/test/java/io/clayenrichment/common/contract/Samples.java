package io.clayenrichment.common.contract;

import io.clayenrichment.common.schema.Blank;
import io.clayenrichment.common.schema.ClayCallback;
import io.clayenrichment.common.schema.ResultStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Random material for the contract tests: request bodies as producers write them (well-formed or
 * not), JSON values, and callbacks as the receiver hands them on. Every choice comes from the
 * given {@link Random}, so a seed replays a case exactly.
 */
final class Samples {

    static final List<String> TEXT_FIELDS = List.of("request_id", "tenant", "email", "linkedin_url", "domain",
            "first_name", "last_name", "company");

    private static final List<String> EMAILS = List.of("ada@example.com", "  Ada.Lovelace@Example.COM ",
            "mailto:grace@navy.mil", "o'brien+crm@sub.example.co.uk", "no-at-sign.example.com", "a@b", "x@y.z");
    private static final List<String> LINKEDIN_URLS = List.of("https://www.linkedin.com/in/ada/",
            "linkedin.com/in/grace-hopper?trk=x", "https://uk.linkedin.com/in/alan#top", "https://example.com/in/ada",
            "https://www.linkedin.com/");
    private static final List<String> DOMAINS = List.of("example.com", "https://www.Example.co.uk/about",
            "www.www.analytical-engines.io", "localhost", "not a domain");
    private static final List<String> NAMES = List.of("Ada", "Grace", "Mary St. John", "José", "李", "O'Brien",
            "Ken\u00a0Thompson");
    private static final List<String> MISSING = List.of("", "   ", "null", "NULL", " Null ", "\u00a0", "\u200b");
    private static final List<String> EXTRA_NAMES = List.of("crm_id", "source_system", "x-owner",
            "nested", "list", "spaces in name", "ünïcode");

    private Samples() {}

    /** A request body as some producer might write it: often valid, sometimes broken in one or more ways. */
    static Map<String, Object> requestBody(Random random) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (String field : TEXT_FIELDS) {
            if (random.nextInt(3) > 0) {
                body.put(field, textValue(random, field));
            }
        }
        if (random.nextBoolean()) {
            body.put("attributes", attributesValue(random));
        }
        if (random.nextBoolean()) {
            body.put("force", forceValue(random));
        }
        if (random.nextBoolean()) {
            body.put("priority", priorityValue(random));
        }
        for (int i = random.nextInt(4); i > 0; i--) {
            body.put(pick(random, EXTRA_NAMES), json(random, 2));
        }
        return body;
    }

    /** Mostly a plausible value for {@code field}; now and then missing, another JSON type, or out of the rules. */
    private static Object textValue(Random random, String field) {
        int kind = random.nextInt(20);
        if (kind < 12) {
            return plausible(random, field);
        }
        return switch (kind) {
            case 12, 13 -> pick(random, MISSING);
            case 14 -> null;
            case 15 -> random.nextBoolean() ? random.nextInt(1000) : random.nextDouble() * 100;
            case 16 -> random.nextBoolean();
            case 17 -> List.of(plausible(random, field));
            case 18 -> Map.of("value", plausible(random, field));
            default -> field.equals("tenant") ? outOfRulesTenant(random) : text(random);
        };
    }

    private static String plausible(Random random, String field) {
        return switch (field) {
            case "email" -> pick(random, EMAILS);
            case "linkedin_url" -> pick(random, LINKEDIN_URLS);
            case "domain" -> pick(random, DOMAINS);
            case "first_name", "last_name", "company" -> pick(random, NAMES);
            case "tenant" -> pick(random, List.of("acme", " beta ", "tenant-" + random.nextInt(100), "ÄÖÜ Ltd"));
            default -> "crm-" + random.nextInt(1_000_000) + "-v" + random.nextInt(9);
        };
    }

    private static String outOfRulesTenant(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> "a".repeat(201);
            case 1 -> "  " + "b".repeat(200) + "\t";
            case 2 -> "acme\nbeta";
            default -> "\u0007bell";
        };
    }

    private static Object attributesValue(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> null;
            case 1 -> List.of(1, 2);
            case 2 -> "not an object";
            case 3 -> random.nextInt(9);
            default -> jsonObject(random, 2);
        };
    }

    private static Object forceValue(Random random) {
        List<Object> values = List.of(true, false, "true", "FALSE", " True ", "", "null", 0, 1, -7, "yes", "1",
                "NULL", 1.5, List.of(), Map.of());
        Object value = values.get(random.nextInt(values.size()));
        return value instanceof Boolean || random.nextInt(4) > 0 ? value : null;
    }

    private static Object priorityValue(Random random) {
        List<Object> values = List.of("urgent", "normal", "backfill", " URGENT ", "Backfill", "", "null", "high",
                "low", 1, true, List.of("urgent"), Map.of("lane", "urgent"));
        Object value = values.get(random.nextInt(values.size()));
        return random.nextInt(5) > 0 ? value : null;
    }

    /** Any JSON value (as Jackson writes Java maps, lists and scalars), nested up to {@code depth}. */
    static Object json(Random random, int depth) {
        int kind = random.nextInt(depth > 0 ? 8 : 6);
        return switch (kind) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> random.nextInt(2_000_001) - 1_000_000;
            case 3 -> random.nextDouble() * 1e6;
            case 4, 5 -> text(random);
            case 6 -> jsonObject(random, depth - 1);
            default -> {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    list.add(json(random, depth - 1));
                }
                yield list;
            }
        };
    }

    static Map<String, Object> jsonObject(Random random, int depth) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            object.put(text(random), json(random, depth));
        }
        return object;
    }

    /** Text with the characters that break naive writers: quotes, backslashes, non-ASCII, emoji. */
    static String text(Random random) {
        String[] parts = {"ada", "Grace", " ", "\"", "\\", "é", "中文", "\uD83D\uDE00", "/", "null", "0", "\t"};
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(6); i > 0; i--) {
            text.append(parts[random.nextInt(parts.length)]);
        }
        return text.toString();
    }

    /** A callback as the receiver hands it on: echoed text already stripped, missing ones null. */
    static ClayCallback callback(Random random) {
        ResultStatus status = pick(random, List.of(ResultStatus.values()));
        Map<String, Object> data = status == ResultStatus.SUCCESS ? dataWithoutNulls(random) : Map.of();
        Double credits = random.nextInt(3) == 0 ? null : Math.floor(random.nextDouble() * 1_000_000) / 100;
        return new ClayCallback(UUID.randomUUID().toString(), echoed(random, "email:ada@example.com"),
                echoed(random, "acme"), echoed(random, "crm-" + random.nextInt(1000)), status, data, credits);
    }

    private static String echoed(Random random, String plausible) {
        return random.nextInt(4) == 0 ? null : Blank.orNull(random.nextBoolean() ? plausible : text(random));
    }

    private static Map<String, Object> dataWithoutNulls(Random random) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("work_email", "ada@example.com");
        for (int i = random.nextInt(5); i > 0; i--) {
            Object value = json(random, 2);
            if (value != null) {
                data.put(text(random) + "_" + i, value);
            }
        }
        return data;
    }

    /** An instant with a random number of fraction digits, as clocks give them. */
    static Instant instant(Random random) {
        long seconds = 1_700_000_000L + random.nextInt(200_000_000);
        int nanos = switch (random.nextInt(3)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            default -> random.nextInt(1_000_000_000);
        };
        return Instant.ofEpochSecond(seconds, nanos);
    }

    static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
