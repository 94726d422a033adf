package io.clayenrichment.common.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.schema.Blank;
import io.clayenrichment.common.testing.Seeds;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Seeded randomised properties of the intake's batch parser (replay a failure with -Dtest.seed=N). */
class RequestBatchParserPropertyTest {

    private static final int MAX_BATCH = 20;
    private static final List<String> INVALID = List.of(
            "{\"email\":\"nobody\"}",
            "{\"tenant\":\"acme\"}",
            "{\"domain\":\"example.com\",\"first_name\":\"Ann\"}",
            "{\"email\":\"a@example.com\",\"force\":\"yes\"}",
            "{\"email\":\"a@example.com\",\"attributes\":[1]}",
            "{\"email\":\"a@example.com\",\"tenant\":\"a\\tb\"}",
            "42",
            "\"text\"",
            "null",
            "[]");

    @Test
    void validBatchesKeepOrderAndBytesAndOnlyMissingIdsAreGenerated() {
        Seeds.check(300, random -> {
            AtomicInteger generated = new AtomicInteger();
            RequestBatchParser parser = new RequestBatchParser(MAX_BATCH, () -> "gen-" + generated.incrementAndGet());
            List<String> sent = new ArrayList<>();
            int size = 1 + random.nextInt(MAX_BATCH);
            for (int i = 0; i < size; i++) {
                sent.add(validItem(random, i));
            }
            List<IntakeItem> items = parser.parse(batch(random, sent, size == 1 && random.nextBoolean()));

            assertThat(items).hasSize(size);
            int expectedGenerated = 0;
            for (int i = 0; i < size; i++) {
                JsonNode original = Json.read(sent.get(i), JsonNode.class);
                IntakeItem item = items.get(i);
                JsonNode published = Json.read(item.json(), JsonNode.class);
                assertThat(item.contactKey()).isNotBlank();
                assertThat(published.get("request_id").asText()).isEqualTo(item.requestId());
                if (original.hasNonNull("request_id")
                        && Blank.orNull(original.get("request_id").asText()) != null) {
                    assertThat(new String(item.json(), StandardCharsets.UTF_8)).isEqualTo(sent.get(i));
                    assertThat(item.requestId()).isEqualTo(original.get("request_id").asText());
                } else {
                    expectedGenerated++;
                    assertThat(item.requestId()).startsWith("gen-");
                    ((ObjectNode) original).put("request_id", item.requestId());
                    assertThat(published).isEqualTo(original);
                }
            }
            assertThat(generated.get()).isEqualTo(expectedGenerated);
        });
    }

    @Test
    void oneInvalidItemAnywhereRefusesTheBatchNamingItsIndex() {
        Seeds.check(300, random -> {
            RequestBatchParser parser = new RequestBatchParser(MAX_BATCH, () -> "gen");
            int size = 1 + random.nextInt(MAX_BATCH);
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                sent.add(validItem(random, i));
            }
            int bad = random.nextInt(size);
            sent.set(bad, INVALID.get(random.nextInt(INVALID.size())));

            RejectedRequest error = catchThrowableOfType(RejectedRequest.class,
                    () -> parser.parse(batch(random, sent, false)));
            assertThat(error).as(sent.get(bad)).isNotNull();
            assertThat(error.status()).isEqualTo(400);
            assertThat(error.error()).isEqualTo("invalid_request");
            assertThat(error.detail()).startsWith("item " + bad + ": ");
        });
    }

    @Test
    void aBatchOverTheLimitIs413() {
        RequestBatchParser parser = new RequestBatchParser(2, () -> "gen");
        List<String> three = List.of("{\"email\":\"a@x.com\"}", "{\"email\":\"b@x.com\"}", "{\"email\":\"c@x.com\"}");
        RejectedRequest error = catchThrowableOfType(RejectedRequest.class,
                () -> parser.parse(("[" + String.join(",", three) + "]").getBytes(StandardCharsets.UTF_8)));
        assertThat(error.status()).isEqualTo(413);
        assertThat(parser.parse(("[" + three.get(0) + "," + three.get(1) + "]").getBytes(StandardCharsets.UTF_8)))
                .hasSize(2);
    }

    @Test
    void trailingContentAfterTheBodyIs400() {
        RequestBatchParser parser = new RequestBatchParser(2, () -> "gen");
        for (String body : List.of("{\"email\":\"a@x.com\"} {}", "[{\"email\":\"a@x.com\"}]]", "[{\"email\":\"a@x.com\"}")) {
            RejectedRequest error = catchThrowableOfType(RejectedRequest.class,
                    () -> parser.parse(body.getBytes(StandardCharsets.UTF_8)));
            assertThat(error).as(body).isNotNull();
            assertThat(error.status()).as(body).isEqualTo(400);
        }
    }

    @Test
    void parseOneTakesOneObjectAndRefusesArraysAndInvalidRequestsWithoutAnIndex() {
        RequestBatchParser parser = new RequestBatchParser(2, () -> "gen");
        IntakeItem item = parser.parseOne(" {\"email\":\"Ada@Example.com\"} ".getBytes(StandardCharsets.UTF_8));
        assertThat(item.requestId()).isEqualTo("gen");
        assertThat(item.contactKey()).isEqualTo("email:ada@example.com");
        assertThat(item.tenant()).as("the contract's default tenant").isEqualTo("default");
        assertThat(parser.parseOne("{\"tenant\":\" Acme \",\"email\":\"a@x.com\"}".getBytes(StandardCharsets.UTF_8))
                .tenant()).as("stripped, case kept").isEqualTo("Acme");
        RejectedRequest array = catchThrowableOfType(RejectedRequest.class,
                () -> parser.parseOne("[{\"email\":\"a@x.com\"}]".getBytes(StandardCharsets.UTF_8)));
        assertThat(array.status()).isEqualTo(400);
        assertThat(array.detail()).startsWith("expected one request object, got an array");
        RejectedRequest invalid = catchThrowableOfType(RejectedRequest.class,
                () -> parser.parseOne("{\"email\":\"nobody\"}".getBytes(StandardCharsets.UTF_8)));
        assertThat(invalid.index()).isNull();
        assertThat(invalid.detail()).startsWith("no usable identity");
    }

    private static byte[] batch(Random random, List<String> items, boolean bare) {
        String text = bare ? space(random) + items.get(0) + space(random)
                : "[" + space(random) + String.join(space(random) + "," + space(random), items) + space(random) + "]";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String validItem(Random random, int i) {
        List<String> fields = new ArrayList<>();
        switch (random.nextInt(3)) {
            case 0 -> fields.add("\"email\":\"P" + i + "@Example.com\"");
            case 1 -> fields.add("\"linkedin_url\":\"https://linkedin.com/in/p-" + i + "\"");
            default -> fields.add("\"domain\":\"ex" + i + ".com\",\"first_name\":\"F\",\"last_name\":\"L\"");
        }
        switch (random.nextInt(4)) {
            case 0 -> fields.add("\"request_id\":\"crm-" + i + "-" + random.nextInt(1000) + "\"");
            case 1 -> fields.add("\"request_id\":" + (random.nextBoolean() ? "null" : "\" \""));
            default -> { }
        }
        if (random.nextBoolean()) {
            fields.add("\"tenant\":\"" + (random.nextBoolean() ? "acme" : "") + "\"");
        }
        if (random.nextBoolean()) {
            fields.add("\"attributes\":{\"score\":" + random.nextInt(100) + ".50,\"n\":[1, 2]}");
        }
        if (random.nextBoolean()) {
            fields.add("\"caf\u00e9\":\"\u00fc\u2603\"");
        }
        java.util.Collections.shuffle(fields, random);
        return "{" + String.join("," + space(random), fields) + "}";
    }

    private static String space(Random random) {
        return " \n\t".substring(0, random.nextInt(4));
    }
}
