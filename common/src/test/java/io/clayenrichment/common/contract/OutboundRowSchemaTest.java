package io.clayenrichment.common.contract;

import static io.clayenrichment.common.testing.ContractSchemas.OUTBOUND_ROW;
import static io.clayenrichment.common.testing.ContractSchemas.problems;
import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.intake.IntakeItem;
import io.clayenrichment.common.intake.RejectedRequest;
import io.clayenrichment.common.intake.RequestBatchParser;
import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.schema.EnrichmentRequest;
import io.clayenrichment.common.schema.OutboundRow;
import io.clayenrichment.common.testing.ContractSchemas;
import io.clayenrichment.common.testing.Seeds;
import io.clayenrichment.common.topics.Topics;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** docs/schemas/outbound-row.schema.json against the rows the outbound serde writes. */
class OutboundRowSchemaTest {

    private static final RequestBatchParser INTAKE = new RequestBatchParser(1, () -> "generated-id");

    @Test
    void theRowOfEveryAcceptedRequestIsValidAndNamesOnlyDocumentedOrPassedThroughFields() {
        var serializer = Topics.defaults().outbound().valueSerde().serializer();
        Set<String> documented = JsonFields.documentedIn(ContractSchemas.file(OUTBOUND_ROW));
        Seeds.check(400, random -> {
            String body = RequestSchemaTest.write(Samples.requestBody(random));
            IntakeItem item;
            try {
                item = INTAKE.parseOne(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } catch (RejectedRequest refused) {
                return;
            }
            EnrichmentRequest request = Json.read(item.json(), EnrichmentRequest.class);
            OutboundRow row = OutboundRow.forAttempt(request, item.contactKey(), UUID.randomUUID().toString(),
                    Samples.instant(random));
            byte[] written = serializer.serialize(Topics.DEFAULT_OUTBOUND, row);

            assertThat(problems(OUTBOUND_ROW, written)).as(new String(written)).isEmpty();
            Set<String> passedThrough = new HashSet<>(request.attributes().keySet());
            passedThrough.addAll(request.extra().keySet());
            JsonFields.of(written).forEach(field -> assertThat(documented.contains(field) || passedThrough.contains(field))
                    .as(field).isTrue());
        });
    }

    @Test
    void theContractsRowIsValid() {
        OutboundRow row = OutboundRow.forAttempt(Json.read("""
                {"request_id":"crm-123-v7","tenant":"acme","email":"Ada@Example.com","company":"Analytical Engines",
                 "attributes":{"crm_id":7,"tags":["vip"]},"source_system":"hubspot"}""", EnrichmentRequest.class),
                "email:ada@example.com", "7d4e1c52-0b7b-4d3c-9a55-3c1f0c1e9b10", Instant.parse("2026-11-27T18:00:00Z"));
        assertThat(problems(OUTBOUND_ROW, Json.write(row))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{\"contact_key\":\"email:a@b.co\",\"tenant\":\"acme\",\"requested_at\":\"2026-11-27T18:00:00Z\"}",
            "{\"correlation_id\":\"\",\"contact_key\":\"email:a@b.co\",\"tenant\":\"acme\",\"requested_at\":\"2026-11-27T18:00:00Z\"}",
            "{\"correlation_id\":\"c1\",\"contact_key\":\"ada@b.co\",\"tenant\":\"acme\",\"requested_at\":\"2026-11-27T18:00:00Z\"}",
            "{\"correlation_id\":\"c1\",\"contact_key\":\"email:a@b.co\",\"requested_at\":\"2026-11-27T18:00:00Z\"}",
            "{\"correlation_id\":\"c1\",\"contact_key\":\"email:a@b.co\",\"tenant\":\"acme\",\"requested_at\":\"yesterday\"}",
            "{\"correlation_id\":\"c1\",\"contact_key\":\"email:a@b.co\",\"tenant\":\"acme\",\"requested_at\":\"2026-11-27T18:00:00Z\",\"crm_id\":null}",
            "{\"correlation_id\":\"c1\",\"contact_key\":\"email:a@b.co\",\"tenant\":\"acme\",\"requested_at\":\"2026-11-27T18:00:00Z\",\"email\":7}"})
    void rowsTheSerdeNeverWritesAreInvalid(String row) {
        assertThat(problems(OUTBOUND_ROW, row)).isNotEmpty();
    }
}
