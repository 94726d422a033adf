package io.clayenrichment.common.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.json.JsonSerde;
import io.clayenrichment.common.json.MessageFormatException;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class MessagesJsonTest {

    @Test
    void requestReadsTheContractsFieldsAndKeepsUnknownOnes() {
        EnrichmentRequest request = Json.read("""
                {"request_id":"crm-123-v7","tenant":"acme","email":"Ada@Example.com","linkedin_url":null,
                 "domain":"example.com","first_name":"Ada","last_name":"Lovelace","company":"Analytical Engines",
                 "attributes":{"any":"passthrough"},"force":true,"crm_owner":"grace"}""", EnrichmentRequest.class);

        assertThat(request.requestId()).isEqualTo("crm-123-v7");
        assertThat(request.tenantOrDefault()).isEqualTo("acme");
        assertThat(request.forced()).isTrue();
        assertThat(request.attributes()).containsEntry("any", "passthrough");
        assertThat(request.extra()).containsEntry("crm_owner", "grace");
        assertThat(request.contactKey()).contains("email:ada@example.com");
        assertThat(Json.writeString(request)).contains("\"crm_owner\":\"grace\"").contains("\"request_id\":\"crm-123-v7\"");
    }

    @Test
    void missingTextMeansNotGivenAndTenantDefaults() {
        EnrichmentRequest request = Json.read("""
                {"tenant":"null","email":"","request_id":" ","linkedin_url":"https://linkedin.com/in/ada"}""",
                EnrichmentRequest.class).normalised();
        assertThat(request.tenant()).isEqualTo("default");
        assertThat(request.email()).isNull();
        assertThat(request.requestId()).isNull();
        assertThat(request.contactKey()).contains("linkedin:linkedin.com/in/ada");
    }

    @Test
    void parseErrorsNameTheFieldAndTheProblem() {
        assertThatThrownBy(() -> Json.read("{\"email\":\"a@b.co\",\"force\":\"maybe\"}", EnrichmentRequest.class))
                .isInstanceOf(MessageFormatException.class).hasMessageContaining("field 'force'");
        assertThatThrownBy(() -> Json.read("{\"attributes\":[1,2]}", EnrichmentRequest.class))
                .hasMessageContaining("field 'attributes'").hasMessageContaining("JSON object");
        assertThatThrownBy(() -> Json.read("{\"email\": ", EnrichmentRequest.class))
                .hasMessageStartingWith("malformed JSON at line 1");
        assertThatThrownBy(() -> Json.read("[1]", EnrichmentRequest.class)).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> Json.read("null", EnrichmentRequest.class)).hasMessageContaining("JSON null");
        assertThatThrownBy(() -> Json.read(new byte[0], EnrichmentRequest.class)).hasMessageContaining("empty");
    }

    @Test
    void serdeWrapsParseErrorsForKafka() {
        JsonSerde<EnrichmentRequest> serde = new JsonSerde<>(EnrichmentRequest.class);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", "{\"force\":[]}".getBytes()))
                .isInstanceOf(SerializationException.class).hasMessageContaining("field 'force'");
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void outboundRowIsOneFlatObjectWhereContractFieldsWin() {
        EnrichmentRequest request = Json.read("""
                {"request_id":"r1","email":"ada@example.com","attributes":{"crm_id":7,"email":"spoof"},
                 "source_system":"hubspot"}""", EnrichmentRequest.class);
        OutboundRow row = OutboundRow.forAttempt(request, "email:ada@example.com", "c-1",
                Instant.parse("2026-11-27T18:00:00Z"));

        @SuppressWarnings("unchecked")
        Map<String, Object> flat = Json.read(Json.write(row), Map.class);
        assertThat(flat).containsEntry("correlation_id", "c-1").containsEntry("contact_key", "email:ada@example.com")
                .containsEntry("tenant", "default").containsEntry("request_id", "r1")
                .containsEntry("requested_at", "2026-11-27T18:00:00Z").containsEntry("email", "ada@example.com")
                .containsEntry("crm_id", 7).containsEntry("source_system", "hubspot");
        assertThat(flat.values()).noneMatch(v -> v instanceof Map);
        assertThat(Json.read(Json.write(row), OutboundRow.class)).isEqualTo(row);
    }

    @Test
    void resultRoundTripsAndCacheAnswersKeepTheEnrichmentTime() {
        Instant enriched = Instant.parse("2026-11-27T18:00:00Z");
        EnrichmentResult fromClay = EnrichmentResult.fromCallback(new ClayCallback("c-1", "email:ada@example.com",
                "acme", "r1", ResultStatus.SUCCESS, Map.of("title", "Countess"), 3.0), enriched);
        EnrichmentResult cached = fromClay.servedFromCache("c-2", "r2", "acme", Instant.parse("2026-12-01T09:00:00Z"));

        assertThat(Json.read(Json.write(fromClay), EnrichmentResult.class)).isEqualTo(fromClay);
        assertThat(cached.source()).isEqualTo(ResultSource.CACHE);
        assertThat(cached.receivedAt()).isEqualTo(enriched);
        assertThat(cached.requestId()).isEqualTo("r2");
        assertThat(cached.creditsUsed()).isNull();
        assertThat(Json.writeString(cached)).contains("\"source\":\"cache\"").contains("\"status\":\"success\"")
                .contains("\"served_at\":\"2026-12-01T09:00:00Z\"");
        assertThat(ResultStatus.fromWire(" Not-Found ")).isEqualTo(ResultStatus.NOT_FOUND);
    }
}
