package io.clayenrichment.receiver.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.schema.Blank;
import io.clayenrichment.common.schema.ClayCallback;
import io.clayenrichment.common.schema.ResultStatus;
import io.clayenrichment.common.testing.Seeds;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Seeded randomised properties of the callback parser (replay a failure with -Dtest.seed=N). */
class CallbackParserPropertyTest {

    private static final List<Object> BLANKS = java.util.Arrays.asList(null, "", "null", "NULL", " null ", "  ",
            "\u00a0", "\u200b");
    private final CallbackParser parser = new CallbackParser();

    @Test
    void flatAndNestedFormsOfTheSameCallbackParseAlike() {
        Seeds.check(500, random -> {
            Map<String, Object> identifiers = identifiers(random);
            Map<String, Object> data = dataFields(random);

            Map<String, Object> nested = new LinkedHashMap<>(identifiers);
            nested.put("data", data);
            Map<String, Object> flat = new LinkedHashMap<>(identifiers);
            flat.putAll(data);

            ClayCallback fromNested = parse(nested);
            ClayCallback fromFlat = parse(flat);
            assertThat(fromFlat).isEqualTo(fromNested);
            assertThat(fromNested.correlationId()).isEqualTo(Blank.strip((String) identifiers.get("correlation_id")));
        });
    }

    @Test
    void blankValuesNeverReachDataAndEveryGivenValueDoes() {
        Seeds.check(500, random -> {
            Map<String, Object> data = dataFields(random);
            Map<String, Object> body = new LinkedHashMap<>(identifiers(random));
            body.put("data", data);

            ClayCallback callback = parse(body);

            callback.data().values().forEach(CallbackParserPropertyTest::assertNoBlanks);
            data.forEach((key, value) -> {
                if (isScalar(value) && !Blank.isMissing(value)) {
                    assertThat(callback.data()).as(key).containsEntry(key, value);
                }
                if (Blank.isMissing(value)) {
                    assertThat(callback.data()).as(key).doesNotContainKey(key);
                }
            });
        });
    }

    @Test
    void statusIsInferredFromTheDataWhenAbsent() {
        Seeds.check(300, random -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("correlation_id", "c-" + random.nextInt(1000));
            Map<String, Object> data = dataFields(random);
            if (random.nextBoolean()) {
                data.put("error", random.nextBoolean() ? "Clay could not reach the provider" : "");
            }
            body.put("data", data);

            ClayCallback callback = parse(body);

            boolean hasFields = callback.data().keySet().stream().anyMatch(key -> !key.equals("error"));
            ResultStatus expected = hasFields ? ResultStatus.SUCCESS
                    : callback.data().containsKey("error") ? ResultStatus.ERROR : ResultStatus.NOT_FOUND;
            assertThat(callback.status()).isEqualTo(expected);
        });
    }

    @Test
    void creditsAreReadFromNumbersAndNumericStrings() {
        Seeds.check(300, random -> {
            double credits = random.nextInt(100_000) / 100.0;
            Object given = random.nextBoolean() ? credits : " " + credits + " ";
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("correlation_id", "c");
            body.put("credits_used", given);
            assertThat(parse(body).creditsUsed()).isEqualTo(credits);
        });
    }

    @Test
    void creditsAreAcceptedExactlyFromZeroToTheMaximumWhenADoubleCanCarryThemAndRefusedNamingTheMaximumOtherwise() {
        BigDecimal max = BigDecimal.valueOf(ClayCallback.MAX_CREDITS_USED);
        Seeds.check(2000, random -> {
            String literal = decimalLiteral(random);
            BigDecimal exact = new BigDecimal(literal);
            boolean representable = exact.signum() == 0 || exact.doubleValue() != 0;
            boolean valid = exact.signum() >= 0 && exact.compareTo(max) <= 0 && representable;
            String given = random.nextBoolean() ? literal : "\"" + literal + "\"";
            byte[] body = ("{\"correlation_id\":\"c\",\"credits_used\":" + given + "}")
                    .getBytes(StandardCharsets.UTF_8);
            if (valid) {
                assertThat(parser.parse(body).creditsUsed()).as(given).isEqualTo(exact.doubleValue());
            } else {
                assertThatThrownBy(() -> parser.parse(body)).as(given).isInstanceOf(CallbackFormatException.class)
                        .hasMessageStartingWith("field 'credits_used': expected a number from 0 to 10000");
            }
        });
    }

    /** A JSON number: up to 15 digits each side of the point, perhaps signed, perhaps an exponent from -450 to 450. */
    private static String decimalLiteral(Random random) {
        StringBuilder literal = new StringBuilder(random.nextInt(4) == 0 ? "-" : "");
        int whole = 1 + random.nextInt(15);
        literal.append(whole == 1 ? random.nextInt(10) : 1 + random.nextInt(9)); // JSON allows no leading zero
        for (int i = 1; i < whole; i++) {
            literal.append(random.nextInt(10));
        }
        int fraction = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(15);
        if (fraction > 0) {
            literal.append('.');
        }
        for (int i = 0; i < fraction; i++) {
            literal.append(random.nextInt(10));
        }
        if (random.nextBoolean()) {
            literal.append(random.nextBoolean() ? 'e' : 'E').append(random.nextInt(901) - 450);
        }
        return literal.toString();
    }

    @Test
    void arbitraryJsonEitherParsesOrFailsWithItsOwnExceptionNamingTheProblem() {
        Seeds.check(2000, random -> {
            byte[] bytes = mutate(random, Json.write(anyJson(random, 4)));
            try {
                ClayCallback callback = parser.parse(bytes);
                assertThat(callback.correlationId()).isNotBlank();
                callback.data().values().forEach(CallbackParserPropertyTest::assertNoBlanks);
            } catch (CallbackFormatException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        });
    }

    private ClayCallback parse(Map<String, Object> body) {
        return parser.parse(Json.write(body));
    }

    private static Map<String, Object> identifiers(Random random) {
        Map<String, Object> identifiers = new LinkedHashMap<>();
        identifiers.put("correlation_id", (random.nextBoolean() ? " " : "") + "corr-" + random.nextInt(1_000_000));
        identifiers.put("contact_key", random.nextBoolean() ? "email:a" + random.nextInt(100) + "@x.com"
                : blank(random));
        identifiers.put("tenant", random.nextBoolean() ? "t" + random.nextInt(5) : blank(random));
        identifiers.put("request_id", random.nextBoolean() ? "r-" + random.nextInt(100) : blank(random));
        String[] statuses = {"success", "not_found", "error", "Success", "not-found"};
        if (random.nextBoolean()) {
            identifiers.put("status", statuses[random.nextInt(statuses.length)]);
        }
        if (random.nextBoolean()) {
            identifiers.put("credits_used", random.nextBoolean() ? random.nextInt(10) : blank(random));
        }
        return identifiers;
    }

    /** Enriched fields whose names are never the contract's own (a flat body could not carry those as data). */
    private static Map<String, Object> dataFields(Random random) {
        Map<String, Object> data = new LinkedHashMap<>();
        int fields = random.nextInt(6);
        for (int i = 0; i < fields; i++) {
            data.put("field_" + i, random.nextInt(3) == 0 ? blank(random) : anyJson(random, 2));
        }
        return data;
    }

    private static Object anyJson(Random random, int depth) {
        int kind = random.nextInt(depth > 0 ? 8 : 6);
        return switch (kind) {
            case 0 -> blank(random);
            case 1 -> randomText(random);
            case 2 -> random.nextInt();
            case 3 -> random.nextLong();
            case 4 -> random.nextBoolean() ? random.nextBoolean() : random.nextInt(1000) / 8.0;
            case 5 -> "v" + random.nextInt(100);
            case 6 -> {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    list.add(anyJson(random, depth - 1));
                }
                yield list;
            }
            default -> {
                Map<String, Object> map = new LinkedHashMap<>();
                String[] names = {"correlation_id", "status", "data", "credits_used", "tenant", "error", "x", "y"};
                for (int i = random.nextInt(5); i > 0; i--) {
                    map.put(names[random.nextInt(names.length)], anyJson(random, depth - 1));
                }
                yield map;
            }
        };
    }

    private static byte[] mutate(Random random, byte[] json) {
        return switch (random.nextInt(4)) {
            case 0 -> java.util.Arrays.copyOf(json, random.nextInt(json.length + 1));
            case 1 -> {
                byte[] changed = json.clone();
                changed[random.nextInt(changed.length)] = (byte) random.nextInt(256);
                yield changed;
            }
            default -> json;
        };
    }

    private static Object blank(Random random) {
        return BLANKS.get(random.nextInt(BLANKS.size()));
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(8); i > 0; i--) {
            text.append((char) (random.nextBoolean() ? 'a' + random.nextInt(26) : random.nextInt(0x3000)));
        }
        return new String(text.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    private static boolean isScalar(Object value) {
        return !(value instanceof Map) && !(value instanceof List);
    }

    /** A value in data: no blank scalar, and no object or array left empty, at any depth. */
    private static void assertNoBlanks(Object value) {
        if (value instanceof Map<?, ?> map) {
            assertThat(map).isNotEmpty();
            map.values().forEach(CallbackParserPropertyTest::assertNoBlanks);
        } else if (value instanceof List<?> list) {
            assertThat(list).isNotEmpty();
            list.forEach(CallbackParserPropertyTest::assertNoBlanks);
        } else {
            assertThat(Blank.isMissing(value)).as("blank value %s reached data", value).isFalse();
        }
    }
}
