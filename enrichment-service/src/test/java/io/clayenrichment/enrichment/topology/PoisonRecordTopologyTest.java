package io.clayenrichment.enrichment.topology;

import static io.clayenrichment.enrichment.topology.TopologyFixture.header;
import static io.clayenrichment.enrichment.topology.TopologyFixture.requestJson;
import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.deadletter.DeadLetterHeaders;
import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.schema.OutboundRow;
import io.clayenrichment.common.schema.ResultSource;
import io.clayenrichment.common.schema.ResultStatus;
import io.clayenrichment.enrichment.budget.BudgetOverride;
import io.clayenrichment.enrichment.budget.Period;
import io.clayenrichment.enrichment.budget.Spend;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * No record stops a task: a poison record on each of the topology's inputs ends as one dead letter
 * (or, where it can do no harm, is ignored with a warning), and the record after it is decided as
 * usual. Without the handlers, each of these would throw out of the task, whose replaced thread
 * would meet the same record again, for ever.
 */
class PoisonRecordTopologyTest {

    private final TopologyFixture fixture = new TopologyFixture(TopologyFixture.policy(1000, 20000));

    @AfterEach
    void close() {
        fixture.close();
    }

    /** The next request after the poison is decided: proof that the task goes on. */
    private void assertTheNextRequestIsDecided(String tenant) {
        fixture.request(requestJson("after-poison", tenant, "next@example.com"));
        assertThat(fixture.outbound.readValue().requestId()).isEqualTo("after-poison");
    }

    private TestInputTopic<byte[], byte[]> rawInput(String topic) {
        return fixture.driver.createInputTopic(topic, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Test
    void requestsTopic_anUnreadableRequest() {
        fixture.request("{\"tenant\": \"acme\", \"email\": ");

        TestRecord<byte[], byte[]> letter = fixture.deadLetterRecords().get(0);
        assertThat(header(letter, DeadLetterHeaders.REASON)).isEqualTo("invalid");
        assertThat(header(letter, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("enrichment.requests");
        assertTheNextRequestIsDecided("acme");
    }

    @Test
    void byTenantTopic_aRequestWhoseProcessingThrowsIsDeadLetteredWithTheExceptionClassAndLeavesNothingBehind() {
        // a request event (an older writer's, without a row template) whose original value cannot be read
        TestInputTopic<String, TenantEvent> repartition = fixture.driver.createInputTopic(
                Repartition.BY_TENANT.topicName("topology-test"), new StringSerializer(),
                BinaryCodec.tenantEvents().serializer());
        RequestEnvelope poison = new RequestEnvelope("acme", "email:ada@example.com", "r1", false,
                "orig-key".getBytes(StandardCharsets.UTF_8), "not json".getBytes(StandardCharsets.UTF_8), List.of(),
                "enrichment.requests", 2, 17, null);

        repartition.pipeInput("acme", TenantEvent.of(poison), fixture.now());

        List<TestRecord<byte[], byte[]>> letters = fixture.deadLetterRecords();
        assertThat(letters).hasSize(1);
        TestRecord<byte[], byte[]> letter = letters.get(0);
        assertThat(header(letter, DeadLetterHeaders.REASON)).isEqualTo("invalid");
        assertThat(header(letter, DeadLetterHeaders.DETAIL)).contains("processing failed in decide")
                .contains("io.clayenrichment.common.json.MessageFormatException");
        assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo("not json");
        assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("orig-key");
        assertThat(header(letter, DeadLetterHeaders.TENANT)).isEqualTo("acme");
        assertThat(header(letter, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("17");
        assertThat(fixture.metrics.count("dead/invalid/acme")).isEqualTo(1);
        // no reservation, no attempt: nothing to time out later
        assertThat(fixture.spend("acme", Period.DAY)).isEqualTo(Spend.NONE);
        fixture.advance(TopologyFixture.TIMEOUT.plusSeconds(1));
        assertThat(fixture.deadLetters.isEmpty()).isTrue();
        assertTheNextRequestIsDecided("acme");
    }

    @Test
    void byTenantTopic_anUnreadableRecord() {
        rawInput(Repartition.BY_TENANT.topicName("topology-test"))
                .pipeInput("acme".getBytes(StandardCharsets.UTF_8), new byte[] {3, 1, 0, 0});

        assertThat(header(fixture.deadLetterRecords().get(0), DeadLetterHeaders.REASON)).isEqualTo("invalid");
        assertTheNextRequestIsDecided("acme");
    }

    @Test
    void resultsTopic_creditsThatOnceThrewAndAnUnreadableResult() {
        fixture.request(requestJson("r1", "acme", "ada@example.com"));
        OutboundRow row = fixture.outbound.readValue();
        fixture.clayResult(row, ResultStatus.SUCCESS, 1e16);
        rawInput("enriched.contacts").pipeInput("email:x@example.com".getBytes(StandardCharsets.UTF_8),
                "{\"status\": 7".getBytes(StandardCharsets.UTF_8));

        assertThat(fixture.spend("acme", Period.DAY)).isEqualTo(new Spend(0, 10_000_000));
        assertThat(fixture.deadLetterRecords()).extracting(l -> header(l, DeadLetterHeaders.SOURCE_TOPIC))
                .containsExactly("enriched.contacts");
        // acme's day is spent now (10,000 credits is the most one result may charge); the task goes on
        assertTheNextRequestIsDecided("beta");
    }

    @Test
    void receiptsTopic_anUnreadableReceiptAndOneWithAnUnknownStage() {
        TestInputTopic<byte[], byte[]> receipts = rawInput("clay.receipts");
        receipts.pipeInput("acme".getBytes(StandardCharsets.UTF_8), "{\"correlation_id\":".getBytes(StandardCharsets.UTF_8));
        receipts.pipeInput("acme".getBytes(StandardCharsets.UTF_8),
                "{\"correlation_id\":\"c\",\"tenant\":\"acme\",\"stage\":\"exploded\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(fixture.deadLetterRecords()).extracting(l -> header(l, DeadLetterHeaders.REASON))
                .containsExactly("invalid", "invalid");
        assertTheNextRequestIsDecided("acme");
    }

    @Test
    void budgetsTopic_aChangeOutsideTheLimitsTheApiAcceptsIsIgnored() {
        fixture.budgets.pipeInput("acme", new BudgetOverride("acme", new BigDecimal("-5"), null, false,
                fixture.now()), fixture.now());
        fixture.budgets.pipeInput("beta", new BudgetOverride("beta", new BigDecimal("1e40"), null, false,
                fixture.now()), fixture.now());

        assertTheNextRequestIsDecided("acme");
        assertTheNextRequestIsDecided("beta");
        assertThat(fixture.metrics.budgets.get("acme").limits().dailyMilli()).isEqualTo(1_000_000);
        assertThat(fixture.deadLetters.isEmpty()).isTrue();
    }

    @Test
    void verifiedResultsTopic_anUnreadableRecord() {
        rawInput(Repartition.VERIFIED_BY_CONTACT.topicName("topology-test"))
                .pipeInput("email:ada@example.com".getBytes(StandardCharsets.UTF_8), "{".getBytes(StandardCharsets.UTF_8));

        assertThat(header(fixture.deadLetterRecords().get(0), DeadLetterHeaders.REASON)).isEqualTo("invalid");
        fixture.request(requestJson("r1", "acme", "ada@example.com"));
        OutboundRow row = fixture.outbound.readValue();
        fixture.clayResult(row, ResultStatus.SUCCESS, null);
        EnrichmentResult kept = fixture.driver.<String, EnrichmentResult>getKeyValueStore(StoreNames.CONTACTS)
                .get("email:ada@example.com");
        assertThat(kept.correlationId()).isEqualTo(row.correlationId());
        assertThat(kept.source()).isEqualTo(ResultSource.CLAY);
        assertThat(kept.data()).isEqualTo(Map.of("title", "Engineer"));
    }
}
