package io.clayenrichment.receiver.support;

import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.schema.ClayCallback;
import io.clayenrichment.common.schema.ResultStatus;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded mutations of valid callback bodies, each with what the receiver must answer to it: huge,
 * tiny, negative and unreadable credits, wrong JSON types per field, trailing content, control
 * characters and over-long tenants, deep nesting, duplicate keys, truncation, flipped bytes and bad
 * UTF-8. What an accepted callback must publish comes from this generator's own model of the body,
 * not from the parser under test.
 */
public final class CallbackMutations {

    /** What the receiver must do with a body. */
    public enum Verdict {
        /** 200, and publish {@link Case#expected()}. */
        ACCEPT,
        /** 400 {@code invalid_callback}, the detail containing {@link Case#mentions()}, nothing published. */
        REFUSE,
        /** Either; the byte-level mutations where only the parser knows (a flipped byte may land in a value). */
        EITHER
    }

    /** One fuzzed body; {@code expected} only for {@link Verdict#ACCEPT}, {@code mentions} only for REFUSE. */
    public record Case(int index, String mutation, byte[] body, Verdict verdict, ClayCallback expected,
            String mentions) {

        public String describe() {
            String text = new String(body, StandardCharsets.UTF_8);
            StringBuilder shown = new StringBuilder();
            text.codePoints().limit(300).forEach(c -> shown.append(Character.isISOControl(c)
                    ? String.format("\\u%04x", c) : new String(Character.toChars(c))));
            return "case " + index + " (" + mutation + "): " + shown + (text.length() > 300 ? "..." : "");
        }
    }

    /** The deepest nesting the receiver accepts (its parser's bound). */
    private final int maxDepth;
    private final Random random;

    public CallbackMutations(Random random, int maxDepth) {
        this.random = random;
        this.maxDepth = maxDepth;
    }

    private static final List<Object> BLANKS = Arrays.asList(null, "", "null", " NULL ", "  ");
    private static final String[] TENANTS = {"acme", "beta", "tenant-with-dashes", "Ünïcødé ☃", "t.1"};
    private static final Object[][] VALID_CREDITS = {
            {0, 0.0}, {3, 3.0}, {1, 1.0}, {2.5, 2.5}, {"3", 3.0}, {" 2.5 ", 2.5}, {10_000, 10_000.0},
            {"10000.000", 10_000.0}, {0.0004, 0.0004}, {0.0005, 0.0005}, {1e-300, 1e-300}, {"0", 0.0}};
    private static final String[] TOO_LARGE = {"1e400", "1e16", "1e12", "10000.001", "10001", "9.3e18",
            "1e9999999999", "\"1e400\"", "\"20000\"", "1E+2147483647", "\"1e9999999999\""};
    private static final String[] TOO_SMALL = {"1e-400", "\"1e-400\"", "1e-9999999999", "4e-325"};
    private static final String[] NEGATIVE = {"-1", "-0.001", "\"-3\"", "-1e400", "-1e-400", "-10001"};
    private static final String[] NOT_NUMBERS = {"true", "false", "[]", "[3]", "{}", "{\"n\":3}", "\"three\"",
            "\"NaN\"", "\"Infinity\"", "\"3 credits\"", "\"0x10\""};
    private static final String[] NOT_STRINGS = {"1", "-2.5", "1e400", "0", "true", "false", "[]", "[\"x\"]",
            "{}", "{\"a\":\"b\"}"};
    private static final String[] TEXT_FIELDS = {"correlation_id", "contact_key", "tenant", "request_id",
            "status"};
    private static final String[] TRAILING = {" {}", "x", " x", "]", "}", " 1", ",", ", {}", " \"more\"",
            " null", " true", "{\"correlation_id\":\"x\"}", "\u0000", "\n[]"};
    private static final String[] NOT_OBJECTS = {"[]", "[{\"correlation_id\":\"x\"}]", "\"text\"", "1", "null",
            "true", " ", "\n"};
    private static final int[][] BAD_UTF8 = {{0xFF}, {0x80}, {0xC3, 0x28}, {0xE2, 0x82}, {0xF0, 0x9F, 0x98},
            {0xC0, 0xAF}, {0xED, 0xA0, 0x80}, {0xF8, 0x88, 0x80, 0x80, 0x80}};
    private static final String RAW = "@@raw@@";

    /** A valid body: the fields as sent, and the callback they must become. */
    private record Base(Map<String, Object> body, boolean flat, ClayCallback expected) {

        byte[] bytes() {
            return Json.write(body);
        }

        /** The body with {@code field} set to the raw JSON {@code literal}. */
        byte[] with(String field, String literal) {
            Map<String, Object> changed = new LinkedHashMap<>(body);
            changed.put(field, RAW);
            return Json.writeString(changed).replace("\"" + RAW + "\"", literal).getBytes(StandardCharsets.UTF_8);
        }
    }

    public Case next(int index) {
        Base base = base(index);
        return switch (random.nextInt(20)) {
            case 0, 1 -> accept(index, "valid", base.bytes(), base);
            case 2 -> accept(index, "valid, white space after", concat(base.bytes(), pick(" ", "\n", "\r\n\t ")),
                    base);
            case 3 -> refuse(index, "credits too large", base.with("credits_used", tooLarge()), "credits_used");
            case 4 -> refuse(index, "credits too small to represent", base.with("credits_used", tooSmall()),
                    "credits_used");
            case 5 -> refuse(index, "credits negative", base.with("credits_used", pick(NEGATIVE)), "credits_used");
            case 6 -> refuse(index, "credits not a number", base.with("credits_used", pick(NOT_NUMBERS)),
                    "credits_used");
            case 7 -> wrongTextType(index, base);
            case 8 -> refuse(index, "trailing content", concat(base.bytes(), pick(TRAILING)), "malformed JSON");
            case 9 -> controlCharacterInTenant(index, base);
            case 10 -> refuse(index, "tenant too long", base.with("tenant",
                    Json.writeString("t".repeat(201 + random.nextInt(400)))), "tenant");
            case 11 -> deep(index, base);
            case 12 -> duplicateKey(index, base);
            case 13 -> refuse(index, "not an object", pick(NOT_OBJECTS).getBytes(StandardCharsets.UTF_8), null);
            case 14 -> refuse(index, "data not an object", base.flat() ? base.with("data", pick("1", "true", "[1]"))
                    : base.with("data", Json.writeString(Json.writeString(base.body().get("data")) + " x")), "data");
            case 15 -> refuse(index, "unknown status", base.with("status", pick("\"partial\"", "\"ok\"", "\"200\"")),
                    "status");
            case 16 -> either(index, "truncated", Arrays.copyOf(base.bytes(), random.nextInt(base.bytes().length)));
            case 17 -> either(index, "byte flipped", flipped(base.bytes()));
            case 18 -> either(index, "bad UTF-8", inserted(base.bytes(), badUtf8()));
            default -> either(index, "raw control character",
                    inserted(base.bytes(), new byte[] {(byte) random.nextInt(0x20)}));
        };
    }

    private Base base(int index) {
        Map<String, Object> body = new LinkedHashMap<>();
        String correlationId = "fz-" + index + "-" + Integer.toHexString(random.nextInt());
        body.put("correlation_id", correlationId);
        String contactKey = identifier(body, "contact_key", "email:p" + index + "@example.com");
        String tenant = identifier(body, "tenant", TENANTS[random.nextInt(TENANTS.length)]);
        String requestId = identifier(body, "request_id", "r-" + index);
        ResultStatus status = null;
        if (random.nextBoolean()) {
            status = ResultStatus.values()[random.nextInt(ResultStatus.values().length)];
            body.put("status", status.wire());
        }
        Double credits = null;
        if (random.nextInt(3) > 0) {
            Object[] credit = VALID_CREDITS[random.nextInt(VALID_CREDITS.length)];
            body.put("credits_used", credit[0]);
            credits = (Double) credit[1];
        }
        Map<String, Object> data = data();
        boolean flat = random.nextBoolean();
        if (flat) {
            body.putAll(data);
        } else {
            body.put("data", data);
        }
        ResultStatus expectedStatus = status != null ? status
                : data.isEmpty() ? ResultStatus.NOT_FOUND : ResultStatus.SUCCESS;
        return new Base(body, flat, new ClayCallback(correlationId, contactKey, tenant, requestId, expectedStatus,
                data, credits));
    }

    /** Puts the value (perhaps padded), a blank or nothing for {@code field}; returns what it must become. */
    private String identifier(Map<String, Object> body, String field, String value) {
        switch (random.nextInt(4)) {
            case 0:
                return null;
            case 1:
                body.put(field, BLANKS.get(random.nextInt(BLANKS.size())));
                return null;
            case 2:
                body.put(field, " " + value + "\t");
                return value;
            default:
                body.put(field, value);
                return value;
        }
    }

    /** Enriched fields, none blank, none named like a contract field or "error". */
    private Map<String, Object> data() {
        Map<String, Object> data = new LinkedHashMap<>();
        if (random.nextBoolean()) {
            data.put("title", pick("CEO", "Countess", "Head of Ünits"));
        }
        if (random.nextBoolean()) {
            data.put("score", random.nextInt(1000) / 8.0);
        }
        if (random.nextBoolean()) {
            data.put("employees", random.nextInt(100_000));
        }
        if (random.nextInt(4) == 0) {
            data.put("tags", List.of("b2b", "saas"));
        }
        if (random.nextInt(4) == 0) {
            data.put("company", Map.of("name", "Analytical Engines", "size", "11-50"));
        }
        return data;
    }

    private String tooLarge() {
        return random.nextInt(5) == 0 ? "1" + "0".repeat(5 + random.nextInt(1100)) : pick(TOO_LARGE);
    }

    private String tooSmall() {
        return random.nextInt(4) == 0 ? "0." + "0".repeat(330 + random.nextInt(800)) + "1" : pick(TOO_SMALL);
    }

    private Case wrongTextType(int index, Base base) {
        String field = pick(TEXT_FIELDS);
        return refuse(index, "wrong type for " + field, base.with(field, pick(NOT_STRINGS)), "field '" + field + "'");
    }

    /** A control character inside the tenant: escaped it is the tenant rule's to refuse, raw it is JSON's. */
    private Case controlCharacterInTenant(int index, Base base) {
        int c = random.nextBoolean() ? random.nextInt(0x20) : 0x7F + random.nextInt(0x21);
        String tenant = "ten" + (char) c + "ant";
        if (c < 0x20 && random.nextBoolean()) {
            return refuse(index, "raw control character in tenant", base.with("tenant", "\"" + tenant + "\""),
                    "malformed JSON");
        }
        return refuse(index, "control character in tenant", base.with("tenant", Json.writeString(tenant)),
                "field 'tenant'");
    }

    /** A nested value, at depths that cluster around the receiver's bound and Jackson's own 1,000. */
    private Case deep(int index, Base base) {
        int[] around = {random.nextInt(maxDepth), maxDepth - 3 + random.nextInt(6), 995 + random.nextInt(8),
                random.nextInt(1200)};
        int levels = Math.max(1, around[random.nextInt(around.length)]);
        boolean arrays = random.nextInt(3) > 0 || levels > 300; // objects cost more bytes per level, and the body limit is 4 KiB
        Object nested = "leaf";
        String json = "\"leaf\"";
        for (int i = 0; i < levels; i++) {
            nested = arrays ? List.of(nested) : Map.of("k", nested);
            json = arrays ? "[" + json + "]" : "{\"k\":" + json + "}";
        }
        Map<String, Object> data = new LinkedHashMap<>(base.expected().data());
        data.put("deep", nested);
        Map<String, Object> body = new LinkedHashMap<>(base.body());
        if (base.flat()) {
            body.put("deep", RAW);
        } else {
            Map<String, Object> sent = new LinkedHashMap<>(base.expected().data());
            sent.put("deep", RAW);
            body.put("data", sent);
        }
        byte[] bytes = Json.writeString(body).replace("\"" + RAW + "\"", json).getBytes(StandardCharsets.UTF_8);
        int depth = 1 + (base.flat() ? 0 : 1) + levels; // the root object, data, the nested value
        String label = "nested " + levels + " levels " + (base.flat() ? "flat" : "in data");
        if (depth > maxDepth) {
            return refuse(index, label, bytes, "nesting depth");
        }
        ClayCallback expected = base.expected();
        ResultStatus status = base.body().containsKey("status") ? expected.status() : ResultStatus.SUCCESS;
        return accept(index, label, bytes, new ClayCallback(expected.correlationId(), expected.contactKey(),
                expected.tenant(), expected.requestId(), status, data, expected.creditsUsed()));
    }

    /** One of the body's keys again, before the closing brace. */
    private Case duplicateKey(int index, Base base) {
        // Null values are not written (the shared mapper leaves nulls out), so neither are their keys.
        List<String> keys = base.body().entrySet().stream().filter(entry -> entry.getValue() != null)
                .map(Map.Entry::getKey).toList();
        String key = keys.get(random.nextInt(keys.size()));
        byte[] bytes = base.bytes();
        String json = new String(bytes, StandardCharsets.UTF_8);
        String again = json.substring(0, json.length() - 1) + ",\"" + key + "\":" + pick("1", "\"x\"", "null") + "}";
        return refuse(index, "duplicate " + key, again.getBytes(StandardCharsets.UTF_8), "Duplicate field");
    }

    private byte[] badUtf8() {
        int[] sequence = BAD_UTF8[random.nextInt(BAD_UTF8.length)];
        byte[] bytes = new byte[sequence.length];
        for (int i = 0; i < sequence.length; i++) {
            bytes[i] = (byte) sequence[i];
        }
        return bytes;
    }

    private byte[] flipped(byte[] bytes) {
        byte[] changed = bytes.clone();
        changed[random.nextInt(changed.length)] = (byte) random.nextInt(256);
        return changed;
    }

    private byte[] inserted(byte[] bytes, byte[] insert) {
        int at = random.nextInt(bytes.length + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes, 0, at);
        out.write(insert, 0, insert.length);
        out.write(bytes, at, bytes.length - at);
        return out.toByteArray();
    }

    private static byte[] concat(byte[] bytes, String suffix) {
        byte[] tail = suffix.getBytes(StandardCharsets.UTF_8);
        byte[] joined = Arrays.copyOf(bytes, bytes.length + tail.length);
        System.arraycopy(tail, 0, joined, bytes.length, tail.length);
        return joined;
    }

    private String pick(String... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static Case accept(int index, String mutation, byte[] body, Base base) {
        return accept(index, mutation, body, base.expected());
    }

    private static Case accept(int index, String mutation, byte[] body, ClayCallback expected) {
        return new Case(index, mutation, body, Verdict.ACCEPT, expected, null);
    }

    private static Case refuse(int index, String mutation, byte[] body, String mentions) {
        return new Case(index, mutation, body, Verdict.REFUSE, null, mentions);
    }

    private static Case either(int index, String mutation, byte[] body) {
        return new Case(index, mutation, body, Verdict.EITHER, null, null);
    }
}
