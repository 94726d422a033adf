package io.clayenrichment.common.contract;

import static io.clayenrichment.common.testing.ContractSchemas.REQUEST;
import static io.clayenrichment.common.testing.ContractSchemas.problems;
import static io.clayenrichment.common.testing.ContractSchemas.valid;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clayenrichment.common.intake.RejectedRequest;
import io.clayenrichment.common.intake.RequestBatchParser;
import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.json.MessageFormatException;
import io.clayenrichment.common.schema.EnrichmentRequest;
import io.clayenrichment.common.testing.Seeds;
import io.clayenrichment.common.topics.Topics;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** docs/schemas/request.schema.json against the intake's real reader and checks. */
class RequestSchemaTest {

    // Producers may write nulls; the platform's own mapper would leave them out.
    private static final ObjectMapper PRODUCER = new ObjectMapper();
    private static final RequestBatchParser INTAKE = new RequestBatchParser(1, () -> "generated-id");

    @Test
    void everyRequestTheIntakeAcceptsIsValid() {
        AtomicInteger accepted = new AtomicInteger();
        Seeds.check(600, random -> {
            String body = write(Samples.requestBody(random));
            if (intakeAccepts(body)) {
                accepted.incrementAndGet();
                assertThat(problems(REQUEST, body)).as(body).isEmpty();
            }
        });
        // The generator must really reach both sides, or the property says nothing.
        assertThat(accepted.get()).isBetween(60, 540);
    }

    @Test
    void everyValidRequestIsReadableByTheIntakesReader() {
        AtomicInteger validCount = new AtomicInteger();
        Seeds.check(600, random -> {
            String body = write(Samples.requestBody(random));
            if (valid(REQUEST, body)) {
                validCount.incrementAndGet();
                // It may still be dead-lettered for what the schema cannot check (an email's exact form),
                // but never for its shape: every field reads as its type.
                Json.read(body, EnrichmentRequest.class);
            }
        });
        assertThat(validCount.get()).isGreaterThan(60);
    }

    @Test
    void whatTheRequestSerdeWritesIsValid() {
        var serializer = Topics.defaults().requests().valueSerde().serializer();
        Seeds.check(300, random -> {
            String body = write(Samples.requestBody(random));
            if (intakeAccepts(body)) {
                // the request a replay or a refresh writes back: read with the real reader, written with the serde
                EnrichmentRequest request = Json.read(body, EnrichmentRequest.class);
                byte[] written = serializer.serialize(Topics.DEFAULT_REQUESTS, request);
                assertThat(problems(REQUEST, written)).as(new String(written)).isEmpty();
            }
        });
    }

    @Test
    void theContractsExampleAndTheLenientFormsTheReaderTakesAreValid() {
        assertThat(problems(REQUEST, """
                {"request_id":"crm-123-v7","tenant":"acme","email":"ada@example.com","linkedin_url":null,
                 "domain":"example.com","first_name":"Ada","last_name":"Lovelace","company":"Analytical Engines",
                 "attributes":{"any":"passthrough"},"force":false,"priority":"normal"}""")).isEmpty();
        // Scalars are read as text and flags from text or whole numbers: the intake takes these.
        for (String body : new String[] {
                "{\"domain\":1.5,\"first_name\":true,\"last_name\":false}",
                "{\"email\":\"a@b.co\",\"tenant\":5,\"force\":\" TRUE \"}",
                "{\"email\":\"a@b.co\",\"force\":-1,\"attributes\":null}",
                "{\"email\":\"a@b.co\",\"priority\":\" Urgent \"}",
                "{\"email\":\"a@b.co\",\"priority\":\"null\"}",
                "{\"email\":\"a@b.co\",\"force\":\"null\",\"unknown\":{\"deep\":[1,{\"x\":null}]}}",
                "{\"linkedin_url\":\"https://uk.linkedin.com/in/alan\",\"tenant\":\"  " + "t".repeat(200) + " \"}"}) {
            assertThat(intakeAccepts(body)).as(body).isTrue();
            assertThat(problems(REQUEST, body)).as(body).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "[]",
            "\"ada@example.com\"",
            "{}",
            "{\"email\":\"\"}",
            "{\"email\":\" null \"}",
            "{\"email\":\"no-at-sign\"}",
            "{\"domain\":\"example.com\",\"first_name\":\"Ada\"}",
            "{\"domain\":\"example.com\",\"first_name\":\"Ada\",\"last_name\":null}",
            "{\"email\":[\"ada@example.com\"]}",
            "{\"email\":\"ada@example.com\",\"request_id\":{\"id\":1}}",
            "{\"email\":\"ada@example.com\",\"attributes\":[1,2]}",
            "{\"email\":\"ada@example.com\",\"attributes\":\"x\"}",
            "{\"email\":\"ada@example.com\",\"force\":\"yes\"}",
            "{\"email\":\"ada@example.com\",\"force\":\"1\"}",
            "{\"email\":\"ada@example.com\",\"force\":[]}",
            "{\"email\":\"ada@example.com\",\"tenant\":\"acme\\nbeta\"}",
            "{\"email\":\"ada@example.com\",\"tenant\":{\"name\":\"acme\"}}",
            "{\"email\":\"ada@example.com\",\"tenant\":\" _other \"}",
            "{\"email\":\"ada@example.com\",\"priority\":\"high\"}",
            "{\"email\":\"ada@example.com\",\"priority\":1}",
            "{\"email\":\"ada@example.com\",\"priority\":[\"urgent\"]}"})
    void whatTheIntakeRefusesForItsShapeIsInvalid(String body) {
        assertThat(intakeAccepts(body)).as("the intake refuses it").isFalse();
        assertThat(problems(REQUEST, body)).isNotEmpty();
    }

    @Test
    void aTenantOverTheLimitIsInvalid() {
        String body = "{\"email\":\"ada@example.com\",\"tenant\":\"" + "t".repeat(201) + "\"}";
        assertThat(intakeAccepts(body)).isFalse();
        assertThat(problems(REQUEST, body)).isNotEmpty();
    }

    private static boolean intakeAccepts(String body) {
        try {
            INTAKE.parseOne(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return true;
        } catch (RejectedRequest | MessageFormatException e) {
            return false;
        }
    }

    static String write(Map<String, Object> body) {
        try {
            return PRODUCER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
