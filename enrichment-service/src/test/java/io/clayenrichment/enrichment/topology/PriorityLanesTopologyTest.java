package io.clayenrichment.enrichment.topology;

import static io.clayenrichment.enrichment.topology.TopologyFixture.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.deadletter.DeadLetterHeaders;
import io.clayenrichment.common.schema.OutboundRow;
import io.clayenrichment.common.schema.ResultStatus;
import io.clayenrichment.enrichment.budget.Period;
import io.clayenrichment.enrichment.budget.Spend;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A request's {@code priority} picks the outbound topic its row goes to; a priority that is none is refused. */
class PriorityLanesTopologyTest {

    private final TopologyFixture fixture = new TopologyFixture(TopologyFixture.policy(1000, 20000));

    @AfterEach
    void close() {
        fixture.close();
    }

    private void request(String requestId, String email, String priority) {
        fixture.request("{\"request_id\":\"" + requestId + "\",\"tenant\":\"acme\",\"email\":\"" + email + "\""
                + (priority == null ? "" : ",\"priority\":" + priority) + "}");
    }

    @Test
    void eachRowGoesToItsLanesTopicAndNoPriorityIsNormal() {
        request("u1", "ada@example.com", "\"urgent\"");
        request("u2", "grace@example.com", "\" URGENT \"");
        request("n1", "alan@example.com", null);
        request("n2", "edsger@example.com", "\"normal\"");
        request("n3", "barbara@example.com", "null");
        request("b1", "ken@example.com", "\"backfill\"");

        assertThat(fixture.urgent.readValuesToList()).extracting(OutboundRow::requestId).containsExactly("u1", "u2");
        assertThat(fixture.outbound.readValuesToList()).extracting(OutboundRow::requestId)
                .containsExactly("n1", "n2", "n3");
        List<TestRecord<String, OutboundRow>> backfill = fixture.backfill.readRecordsToList();
        assertThat(backfill).extracting(record -> record.value().requestId()).containsExactly("b1");
        // a lane changes where the row waits, nothing else: same key, same deadline header, same reservation
        assertThat(backfill.get(0).key()).isEqualTo("email:ken@example.com");
        assertThat(header(backfill.get(0), OutboundRow.SEND_BEFORE_HEADER)).isNotBlank();
        assertThat(fixture.spend("acme", Period.DAY)).isEqualTo(new Spend(6000, 0));
    }

    @Test
    void aPriorityThatIsNoLaneIsDeadLetteredAsInvalidNamingIt() {
        request("x1", "ada@example.com", "\"high\"");
        request("x2", "grace@example.com", "3");

        List<TestRecord<byte[], byte[]>> dead = fixture.deadLetterRecords();
        assertThat(dead).hasSize(2).allSatisfy(letter -> {
            assertThat(header(letter, DeadLetterHeaders.REASON)).isEqualTo("invalid");
            assertThat(header(letter, DeadLetterHeaders.DETAIL)).startsWith("priority must be one of urgent, normal or");
        });
        assertThat(header(dead.get(0), DeadLetterHeaders.DETAIL)).endsWith("got 'high'");
        assertThat(fixture.outbound.isEmpty() && fixture.urgent.isEmpty() && fixture.backfill.isEmpty()).isTrue();
        assertThat(fixture.spend("acme", Period.DAY)).isEqualTo(new Spend(0, 0));
    }

    @Test
    void anUrgentRequestForAContactInFlightWaitsForThatAttemptLikeAnyOther() {
        request("n1", "ada@example.com", null);
        OutboundRow first = fixture.outbound.readValue();
        request("u1", "ada@example.com", "\"urgent\"");

        assertThat(fixture.urgent.isEmpty()).as("one row per contact in flight, whatever its lane").isTrue();
        fixture.clayResult(first, ResultStatus.SUCCESS, null);
        assertThat(fixture.results.readValuesToList()).extracting(r -> r.requestId()).contains("u1");
    }
}
