package io.clayenrichment.enrichment.topology;

import static io.clayenrichment.enrichment.topology.TopologyFixture.header;
import static io.clayenrichment.enrichment.topology.TopologyFixture.requestJson;
import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.deadletter.DeadLetterHeaders;
import io.clayenrichment.common.schema.OutboundRow;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IntakeTopologyTest {

    private final TopologyFixture fixture = new TopologyFixture(TopologyFixture.policy(1000, 20000));

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void malformedJsonIsDeadLetteredByTheStreamsHandlerWithContractAndStreamsHeaders() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", "00-abc-01".getBytes(StandardCharsets.UTF_8));
        fixture.request("k1", "{\"email\": ", headers);
        fixture.request(requestJson("r2", "acme", "ada@example.com"));

        List<TestRecord<byte[], byte[]>> dead = fixture.deadLetterRecords();
        assertThat(dead).hasSize(1);
        TestRecord<byte[], byte[]> letter = dead.get(0);
        assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("k1");
        assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo("{\"email\": ");
        assertThat(header(letter, "traceparent")).isEqualTo("00-abc-01");
        assertThat(header(letter, DeadLetterHeaders.REASON)).isEqualTo("invalid");
        assertThat(header(letter, DeadLetterHeaders.DETAIL)).startsWith("malformed JSON");
        assertThat(header(letter, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("enrichment.requests");
        assertThat(header(letter, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("0");
        assertThat(header(letter, DeadLetterHeaders.FAILED_AT)).isNotBlank();
        assertThat(header(letter, "__streams.errors.exception")).isNotBlank();
        assertThat(header(letter, "__streams.errors.topic")).isEqualTo("enrichment.requests");
        // the application went on: the next request was sent
        assertThat(fixture.outbound.readValuesToList()).extracting(OutboundRow::requestId).containsExactly("r2");
    }

    @Test
    void aFieldOfTheWrongTypeIsNamedInTheDetail() {
        fixture.request("{\"email\":\"a@b.io\",\"attributes\":[1,2]}");

        TestRecord<byte[], byte[]> letter = fixture.deadLetterRecords().get(0);
        assertThat(header(letter, DeadLetterHeaders.DETAIL)).contains("attributes");
    }

    @Test
    void requestWithoutUsableIdentityIsInvalidWithADetailNamingTheProblem() {
        fixture.request("key-9", "{\"request_id\":\"r1\",\"tenant\":\"acme\",\"email\":\"not-an-email\"}",
                new RecordHeaders());

        List<TestRecord<byte[], byte[]>> dead = fixture.deadLetterRecords();
        assertThat(dead).hasSize(1);
        TestRecord<byte[], byte[]> letter = dead.get(0);
        assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("key-9");
        assertThat(new String(letter.value(), StandardCharsets.UTF_8)).contains("not-an-email");
        assertThat(header(letter, DeadLetterHeaders.REASON)).isEqualTo("invalid");
        assertThat(header(letter, DeadLetterHeaders.DETAIL)).contains("email 'not-an-email' is not an email address");
        assertThat(header(letter, DeadLetterHeaders.TENANT)).isEqualTo("acme");
        assertThat(fixture.outbound.isEmpty()).isTrue();
        assertThat(fixture.metrics.count("dead/invalid/acme")).isEqualTo(1);
    }

    @Test
    void aTombstoneRequestIsInvalidNotACrash() {
        fixture.request("gone", null, new RecordHeaders());

        assertThat(header(fixture.deadLetterRecords().get(0), DeadLetterHeaders.REASON)).isEqualTo("invalid");
    }

    @Test
    void tenantWithControlCharactersIsInvalid() {
        fixture.request(requestJson("r1", "ac\\u001fme", "ada@example.com"));

        TestRecord<byte[], byte[]> letter = fixture.deadLetterRecords().get(0);
        assertThat(header(letter, DeadLetterHeaders.DETAIL)).contains("tenant");
        assertThat(header(letter, DeadLetterHeaders.TENANT)).isNull();
    }

    @Test
    void validRequestGoesToClayAsAnOutboundRowKeyedByContactWithANewCorrelationId() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", "00-xyz-01".getBytes(StandardCharsets.UTF_8));
        fixture.request(null, "{\"request_id\":\"r1\",\"tenant\":\"acme\",\"email\":\" Ada@Example.COM \","
                + "\"company\":\"Analytical\",\"attributes\":{\"crm_id\":42}}", headers);
        fixture.request(requestJson("r2", "acme", "bob@example.com"));

        List<TestRecord<String, OutboundRow>> rows = fixture.outbound.readRecordsToList();
        assertThat(rows).hasSize(2);
        OutboundRow row = rows.get(0).value();
        assertThat(rows.get(0).key()).isEqualTo("email:ada@example.com");
        assertThat(row.contactKey()).isEqualTo("email:ada@example.com");
        assertThat(row.tenant()).isEqualTo("acme");
        assertThat(row.requestId()).isEqualTo("r1");
        assertThat(row.company()).isEqualTo("Analytical");
        assertThat(row.attributes()).containsEntry("crm_id", 42);
        assertThat(row.requestedAt()).isEqualTo(TopologyFixture.START);
        assertThat(row.correlationId()).isNotBlank().isNotEqualTo(rows.get(1).value().correlationId());
        assertThat(header(rows.get(0), "traceparent")).isEqualTo("00-xyz-01");
        assertThat(fixture.deadLetters.isEmpty()).isTrue();
        assertThat(fixture.metrics.count("requests/acme/clay/none")).isEqualTo(2);
        assertThat(fixture.metrics.count("reserved/acme")).isEqualTo(2000);
    }

    @Test
    void requestWithoutTenantBelongsToTheDefaultTenant() {
        fixture.request("{\"linkedin_url\":\"https://www.linkedin.com/in/ada/\"}");

        OutboundRow row = fixture.outbound.readValue();
        assertThat(row.tenant()).isEqualTo("default");
        assertThat(row.contactKey()).isEqualTo("linkedin:linkedin.com/in/ada");
    }
}
