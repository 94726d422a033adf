package io.clayenrichment.enrichment.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.schema.EnrichmentRequest;
import io.clayenrichment.common.schema.Priority;
import io.clayenrichment.common.schema.OutboundRow;
import io.clayenrichment.common.testing.Seeds;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RowTemplateTest {

    private static final List<String> NAMES = List.of("crm_id", "requested_at", "correlation_id", "email", "tenant",
            "company", "note", "x", "contact_key", "request_id");

    @Test
    void aFilledTemplateIsByteForByteTheRowJacksonWrites() {
        Seeds.check(3000, random -> {
            EnrichmentRequest request = request(random);
            String contactKey = "email:" + text(random);
            String correlationId = random.nextInt(5) == 0 ? text(random) : UUID.randomUUID().toString();
            Instant at = Instant.ofEpochMilli(random.nextLong(4_000_000_000_000L))
                    .plusNanos(random.nextBoolean() ? 0 : random.nextInt(1_000_000));
            byte[] expected = Json.write(OutboundRow.forAttempt(request, contactKey, correlationId, at));
            byte[] filled = RowTemplate.of(request, contactKey).fill(correlationId, at);
            assertThat(new String(filled, StandardCharsets.UTF_8)).isEqualTo(new String(expected, StandardCharsets.UTF_8));
        });
    }

    @Test
    void aTemplateServesManyAttempts() {
        EnrichmentRequest request = Json.read("{\"request_id\":\"r1\",\"tenant\":\"acme\",\"email\":\"ada@example.com\","
                + "\"attributes\":{\"note\":\"\\\"requested_at\\\":\\\"1970-01-01T00:00:00Z\\\"\"}}", EnrichmentRequest.class);
        RowTemplate template = RowTemplate.of(request, "email:ada@example.com");
        assertThat(new String(template.fill("c1", Instant.parse("2026-11-27T20:14:09.962Z")), StandardCharsets.UTF_8))
                .isEqualTo("{\"correlation_id\":\"c1\",\"contact_key\":\"email:ada@example.com\",\"tenant\":\"acme\","
                        + "\"request_id\":\"r1\",\"requested_at\":\"2026-11-27T20:14:09.962Z\",\"email\":\"ada@example.com\","
                        + "\"note\":\"\\\"requested_at\\\":\\\"1970-01-01T00:00:00Z\\\"\"}");
        assertThat(new String(template.fill("c2", Instant.parse("2026-11-28T00:00:00Z")), StandardCharsets.UTF_8))
                .startsWith("{\"correlation_id\":\"c2\",").contains("\"requested_at\":\"2026-11-28T00:00:00Z\",");
    }

    private static EnrichmentRequest request(Random random) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            attributes.put(NAMES.get(random.nextInt(NAMES.size())), value(random, 2));
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            extra.put(NAMES.get(random.nextInt(NAMES.size())) + (random.nextBoolean() ? "" : "_extra"), value(random, 1));
        }
        return new EnrichmentRequest(maybe(random), random.nextBoolean() ? null : text(random), maybe(random),
                maybe(random), maybe(random), maybe(random), maybe(random), maybe(random),
                random.nextBoolean() ? null : attributes, random.nextBoolean() ? null : random.nextBoolean(),
                random.nextBoolean() ? null : Priority.ALL.get(random.nextInt(3)).wire(), extra);
    }

    private static Object value(Random random, int depth) {
        return switch (random.nextInt(depth > 0 ? 6 : 4)) {
            case 0 -> text(random);
            case 1 -> random.nextInt(1000);
            case 2 -> random.nextBoolean() ? "\"requested_at\":\"1970-01-01T00:00:00Z\"" : null;
            case 3 -> random.nextDouble();
            case 4 -> Map.of("requested_at", random.nextBoolean() ? "1970-01-01T00:00:00Z" : text(random));
            default -> java.util.Arrays.asList(text(random), value(random, depth - 1));
        };
    }

    private static String maybe(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> null;
            case 1 -> "  ";
            default -> text(random);
        };
    }

    private static String text(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(16); i > 0; i--) {
            text.appendCodePoint(random.nextInt(4) == 0 ? random.nextInt(0x250) : 32 + random.nextInt(95));
        }
        return text.toString();
    }
}
