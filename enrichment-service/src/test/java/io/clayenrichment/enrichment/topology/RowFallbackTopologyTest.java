package io.clayenrichment.enrichment.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.schema.OutboundRow;
import io.clayenrichment.common.schema.ResultStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A request on the repartition topic without a row template (written before the template existed, or
 * an attempt started elsewhere) still becomes the same row for Clay, built from the raw request.
 */
class RowFallbackTopologyTest {

    private static final String REQUEST = "{\"request_id\":\"r1\",\"tenant\":\"acme\",\"email\":\" Ada@Example.com\","
            + "\"company\":\"Engines\",\"attributes\":{\"crm_id\":7,\"requested_at\":\"x\"},\"seat\":\"a\"}";

    private final TopologyFixture fixture = new TopologyFixture(TopologyFixture.policy(1000, 20000));

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void aRequestWithoutATemplateGivesTheSameRowAsOneWithIt() {
        fixture.request(REQUEST);
        OutboundRow templated = fixture.outbound.readValue();
        // closes the attempt (not_found leaves the cache empty), so the same contact is sent again
        fixture.clayResult(templated, ResultStatus.NOT_FOUND, null);

        TestInputTopic<String, TenantEvent> repartition = fixture.driver.createInputTopic(
                Repartition.BY_TENANT.topicName("topology-test"), new StringSerializer(),
                BinaryCodec.tenantEvents().serializer());
        RequestEnvelope withoutTemplate = new RequestEnvelope("acme", "email:ada@example.com", "r1", false, null,
                REQUEST.getBytes(StandardCharsets.UTF_8), List.of(), TopologyFixture.TOPICS.requests().name(), 0, 1,
                null);
        repartition.pipeInput("acme", TenantEvent.of(withoutTemplate), fixture.now());
        OutboundRow rebuilt = fixture.outbound.readValue();

        assertThat(rebuilt).usingRecursiveComparison().ignoringFields("correlationId").isEqualTo(templated);
        assertThat(rebuilt.correlationId()).isNotEqualTo(templated.correlationId());
    }
}
