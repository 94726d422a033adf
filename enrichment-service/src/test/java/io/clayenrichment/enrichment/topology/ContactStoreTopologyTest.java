package io.clayenrichment.enrichment.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.schema.ResultSource;
import io.clayenrichment.common.schema.ResultStatus;
import io.clayenrichment.common.testing.Seeds;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The "contacts" store behind GET /v1/contacts/{contact_key}: which result per contact it keeps. */
class ContactStoreTopologyTest {

    private static final String ADA = "email:ada@example.com";
    private static final Instant T0 = TopologyFixture.START;

    private final TopologyFixture fixture = new TopologyFixture(TopologyFixture.policy(1000, 20000));

    @AfterEach
    void close() {
        fixture.close();
    }

    private KeyValueStore<String, EnrichmentResult> contacts() {
        return fixture.driver.getKeyValueStore(StoreNames.CONTACTS);
    }

    private static EnrichmentResult result(String id, ResultStatus status, ResultSource source, Instant receivedAt) {
        return new EnrichmentResult("corr-" + id, "req-" + id, ADA, "acme", status, source,
                Map.of("title", "title " + id), null, receivedAt, source == ResultSource.CACHE ? receivedAt : null);
    }

    private void publish(EnrichmentResult result) {
        fixture.resultsIn.pipeInput(result.recordKey(), result);
    }

    @Test
    void aNewerClayResultReplacesAnOlderOneButNotTheOtherWayRound() {
        publish(result("1", ResultStatus.SUCCESS, ResultSource.CLAY, T0));
        publish(result("2", ResultStatus.SUCCESS, ResultSource.CLAY, T0.plusSeconds(60)));
        assertThat(contacts().get(ADA).requestId()).isEqualTo("req-2");

        publish(result("3", ResultStatus.SUCCESS, ResultSource.CLAY, T0.plusSeconds(30)));
        assertThat(contacts().get(ADA).requestId()).isEqualTo("req-2");
        assertThat(contacts().get(ADA).data()).containsEntry("title", "title 2");
    }

    @Test
    void cacheAnswersNotFoundAndErrorsNeverReplaceASuccess() {
        publish(result("1", ResultStatus.SUCCESS, ResultSource.CLAY, T0));
        publish(result("cache", ResultStatus.SUCCESS, ResultSource.CACHE, T0.plusSeconds(60)));
        publish(result("nf", ResultStatus.NOT_FOUND, ResultSource.CLAY, T0.plusSeconds(120)));
        publish(result("err", ResultStatus.ERROR, ResultSource.CLAY, T0.plusSeconds(180)));

        assertThat(contacts().get(ADA).requestId()).isEqualTo("req-1");
        assertThat(contacts().get(ADA).source()).isEqualTo(ResultSource.CLAY);
    }

    @Test
    void onlyFailuresOrCacheAnswersLeaveTheContactUnknown() {
        publish(result("cache", ResultStatus.SUCCESS, ResultSource.CACHE, T0));
        publish(result("nf", ResultStatus.NOT_FOUND, ResultSource.CLAY, T0));
        assertThat(contacts().get(ADA)).isNull();
    }

    @Test
    void aResultKeyedByCorrelationIdIsIgnored() {
        EnrichmentResult noContact = new EnrichmentResult("corr-9", "req-9", null, "acme", ResultStatus.SUCCESS,
                ResultSource.CLAY, Map.of(), null, T0, null);
        publish(noContact);
        assertThat(fixture.driver.getKeyValueStore(StoreNames.CONTACTS).approximateNumEntries()).isZero();
        assertThat(contacts().get("corr-9")).isNull();
    }

    @Test
    void theTopologysOwnCacheAnswerLeavesTheStoredClayResult() {
        fixture.requests.pipeInput("r1".getBytes(StandardCharsets.UTF_8),
                TopologyFixture.requestJson("r1", "acme", "ada@example.com").getBytes(StandardCharsets.UTF_8));
        var row = fixture.outbound.readValue();
        EnrichmentResult clay = new EnrichmentResult(row.correlationId(), row.requestId(), row.contactKey(), "acme",
                ResultStatus.SUCCESS, ResultSource.CLAY, Map.of("title", "CTO"), 1.0, T0, null);
        publish(clay);
        fixture.requests.pipeInput("r2".getBytes(StandardCharsets.UTF_8),
                TopologyFixture.requestJson("r2", "acme", "ada@example.com").getBytes(StandardCharsets.UTF_8));
        EnrichmentResult cacheAnswer = fixture.results.readValue();
        assertThat(cacheAnswer.source()).isEqualTo(ResultSource.CACHE);
        publish(cacheAnswer);

        assertThat(contacts().get(ADA)).isEqualTo(clay);
    }

    /** Any order of arrival keeps the Clay success with the latest received_at (the first such on ties). */
    @Test
    void theStoreKeepsTheLatestClaySuccessWhateverTheOrder() {
        Seeds.check(60, random -> {
            try (TopologyFixture own = new TopologyFixture(TopologyFixture.policy(1000, 20000))) {
                List<EnrichmentResult> sent = new ArrayList<>();
                int count = 1 + random.nextInt(12);
                for (int i = 0; i < count; i++) {
                    EnrichmentResult r = result(String.valueOf(i),
                            ResultStatus.values()[random.nextInt(ResultStatus.values().length)],
                            ResultSource.values()[random.nextInt(ResultSource.values().length)],
                            T0.plusSeconds(random.nextInt(5)));
                    sent.add(r);
                    own.resultsIn.pipeInput(r.recordKey(), r);
                }
                EnrichmentResult expected = sent.stream()
                        .filter(r -> r.source() == ResultSource.CLAY && r.status() == ResultStatus.SUCCESS)
                        .max(Comparator.comparing(EnrichmentResult::receivedAt)
                                .thenComparing(r -> -sent.indexOf(r)))
                        .orElse(null);
                KeyValueStore<String, EnrichmentResult> store = own.driver.getKeyValueStore(StoreNames.CONTACTS);
                assertThat(store.get(ADA)).as("after %s", sent).isEqualTo(expected);
            }
        });
    }
}
