package io.clayenrichment.common.contract;

import static io.clayenrichment.common.testing.ContractSchemas.CALLBACK;
import static io.clayenrichment.common.testing.ContractSchemas.problems;
import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.testing.Seeds;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docs/schemas/callback.schema.json: the bodies Clay's HTTP API column may send (nested or flat,
 * numbers or text where the parser takes either), and one broken rule at a time.
 */
class CallbackSchemaTest {

    @Test
    void aCallbackWrittenFromTheRecordIsValid() {
        // what the Clay sandbox sends (it writes the record through Json); its own test posts real ones
        Seeds.check(200, random -> {
            byte[] written = Json.write(Samples.callback(random));
            assertThat(problems(CALLBACK, written)).as(new String(written)).isEmpty();
        });
    }

    @Test
    void everyBodyThatKeepsTheRulesIsValid() {
        Seeds.check(400, random -> {
            String body = RequestSchemaTest.write(body(random));
            assertThat(problems(CALLBACK, body)).as(body).isEmpty();
        });
    }

    @Test
    void aBodyThatBreaksOneRuleIsInvalid() {
        Seeds.check(400, random -> {
            Map<String, Object> body = body(random);
            String broken = Samples.pick(random, List.copyOf(BREAKS.keySet()));
            BREAKS.get(broken).accept(body);
            String json = RequestSchemaTest.write(body);
            assertThat(problems(CALLBACK, json)).as(broken + ": " + json).isNotEmpty();
        });
    }

    @Test
    void theContractsExamplesAreValid() {
        assertThat(problems(CALLBACK, """
                {"correlation_id":"c-1","contact_key":"email:ada@example.com","tenant":"acme","request_id":"crm-1",
                 "status":"success","data":{"work_email":"ada@example.com","title":"Countess","company_size":"11-50"},
                 "credits_used":3}""")).isEmpty();
        assertThat(problems(CALLBACK, """
                {"correlation_id":"c-1","work_email":"ada@example.com","title":"Countess","credits_used":"0.5"}"""))
                .isEmpty();
        assertThat(problems(CALLBACK, """
                {"correlation_id":"c-1","data":"{\\"title\\":\\"Countess\\"}","status":null,"credits_used":""}"""))
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[]", "\"c-1\"", "null", "{}", "{\"correlation_id\":\"  \"}",
            "{\"correlation_id\":\"NULL\"}", "{\"correlation_id\":null}", "{\"correlation_id\":42}"})
    void aBodyWithoutACorrelationIdIsInvalid(String body) {
        assertThat(problems(CALLBACK, body)).isNotEmpty();
    }

    /** A body within the rules: identifiers echoed or missing, data nested, quoted or flat, credits as number or text. */
    private static Map<String, Object> body(Random random) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("correlation_id", random.nextBoolean() ? java.util.UUID.randomUUID().toString() : " c-" + random.nextInt());
        for (String echoed : List.of("contact_key", "tenant", "request_id")) {
            if (random.nextBoolean()) {
                body.put(echoed, Samples.pick(random, List.of("email:ada@example.com", "acme", "", "null",
                        Samples.text(random))));
            } else if (random.nextInt(4) == 0) {
                body.put(echoed, null);
            }
        }
        if (random.nextBoolean()) {
            body.put("status", Samples.pick(random, List.of("success", "not_found", "error", "", "null")));
        }
        Map<String, Object> data = Samples.jsonObject(random, 2);
        switch (random.nextInt(5)) {
            case 0 -> body.put("data", data);
            case 1 -> body.put("data", RequestSchemaTest.write(data));
            case 2 -> body.put("data", Samples.pick(random, List.of("", "null", " ")));
            case 3 -> data.forEach(body::putIfAbsent);
            default -> { }
        }
        switch (random.nextInt(5)) {
            case 0 -> body.put("credits_used", random.nextInt(10_001));
            case 1 -> body.put("credits_used", random.nextDouble() * 10_000);
            case 2 -> body.put("credits_used", Samples.pick(random, List.of("0", "3", " 2.5 ", "10000", "9999.999")));
            case 3 -> body.put("credits_used", Samples.pick(random, java.util.Arrays.asList(null, "", "null")));
            default -> { }
        }
        return body;
    }

    /** One broken rule each, named for the failure message. */
    private static final Map<String, Consumer<Map<String, Object>>> BREAKS = new LinkedHashMap<>();

    static {
        BREAKS.put("no correlation_id", body -> body.remove("correlation_id"));
        BREAKS.put("blank correlation_id", body -> body.put("correlation_id", " "));
        BREAKS.put("numeric correlation_id", body -> body.put("correlation_id", 7));
        BREAKS.put("contact_key a number", body -> body.put("contact_key", 12));
        BREAKS.put("tenant an object", body -> body.put("tenant", Map.of("name", "acme")));
        BREAKS.put("request_id a list", body -> body.put("request_id", List.of("r")));
        BREAKS.put("unknown status", body -> body.put("status", "found"));
        BREAKS.put("status a boolean", body -> body.put("status", true));
        BREAKS.put("credits below 0", body -> body.put("credits_used", -0.5));
        BREAKS.put("credits over 10000", body -> body.put("credits_used", 10_000.01));
        BREAKS.put("credits text over 10000", body -> body.put("credits_used", "10001"));
        BREAKS.put("credits not a number", body -> body.put("credits_used", "three"));
        BREAKS.put("credits negative text", body -> body.put("credits_used", "-3"));
        BREAKS.put("credits a boolean", body -> body.put("credits_used", true));
        BREAKS.put("data a list", body -> body.put("data", List.of(1, 2)));
        BREAKS.put("data a number", body -> body.put("data", 5));
        BREAKS.put("data text not an object", body -> body.put("data", "[1,2]"));
        BREAKS.put("data plain text", body -> body.put("data", "Countess"));
    }
}
