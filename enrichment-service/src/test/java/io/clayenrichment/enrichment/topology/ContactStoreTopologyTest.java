package io.clayenrichment.enrichment.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.schema.OutboundRow;
import io.clayenrichment.common.schema.ResultSource;
import io.clayenrichment.common.schema.ResultStatus;
import io.clayenrichment.common.testing.Seeds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The "contacts" store behind GET /v1/contacts/{contact_key}: which result per contact it keeps. Only
 * results that closed one of the service's own attempts reach it, with that attempt's tenant and
 * contact key, whatever the callback claimed.
 */
class ContactStoreTopologyTest {

    private static final String ADA = "email:ada@example.com";
    private static final Instant T0 = TopologyFixture.START;

    private TopologyFixture fixture = new TopologyFixture(TopologyFixture.policy(1000, 20000));

    @AfterEach
    void close() {
        fixture.close();
    }

    private KeyValueStore<String, EnrichmentResult> contacts() {
        return fixture.driver.getKeyValueStore(StoreNames.CONTACTS);
    }

    /** One attempt for Ada and Clay's result for it: what the store should hold if it is kept. */
    private static EnrichmentResult enrich(TopologyFixture on, String id, ResultStatus status, Instant receivedAt) {
        on.request("{\"request_id\":\"req-" + id + "\",\"tenant\":\"acme\",\"email\":\"ada@example.com\",\"force\":true}");
        OutboundRow row = on.outbound.readValue();
        EnrichmentResult result = new EnrichmentResult(row.correlationId(), row.requestId(), row.contactKey(), "acme",
                status, ResultSource.CLAY, Map.of("title", "title " + id), null, receivedAt, null);
        on.resultsIn.pipeInput(result.recordKey(), result);
        return result;
    }

    /** A result no attempt asked for: a cache answer read back, or a forged or stray callback. */
    private void publishStray(EnrichmentResult result) {
        fixture.resultsIn.pipeInput(result.recordKey(), result);
    }

    private static EnrichmentResult stray(String id, ResultStatus status, ResultSource source, Instant receivedAt) {
        return new EnrichmentResult("corr-" + id, "req-" + id, ADA, "acme", status, source,
                Map.of("title", "title " + id), null, receivedAt, source == ResultSource.CACHE ? receivedAt : null);
    }

    @Test
    void aNewerClayResultReplacesAnOlderOneButNotTheOtherWayRound() {
        enrich(fixture, "1", ResultStatus.SUCCESS, T0);
        enrich(fixture, "2", ResultStatus.SUCCESS, T0.plusSeconds(60));
        assertThat(contacts().get(ADA).requestId()).isEqualTo("req-2");

        enrich(fixture, "3", ResultStatus.SUCCESS, T0.plusSeconds(30));
        assertThat(contacts().get(ADA).requestId()).isEqualTo("req-2");
        assertThat(contacts().get(ADA).data()).containsEntry("title", "title 2");
    }

    @Test
    void cacheAnswersNotFoundAndErrorsNeverReplaceASuccess() {
        enrich(fixture, "1", ResultStatus.SUCCESS, T0);
        publishStray(stray("cache", ResultStatus.SUCCESS, ResultSource.CACHE, T0.plusSeconds(60)));
        enrich(fixture, "nf", ResultStatus.NOT_FOUND, T0.plusSeconds(120));
        enrich(fixture, "err", ResultStatus.ERROR, T0.plusSeconds(180));

        assertThat(contacts().get(ADA).requestId()).isEqualTo("req-1");
        assertThat(contacts().get(ADA).source()).isEqualTo(ResultSource.CLAY);
    }

    @Test
    void onlyFailuresOrCacheAnswersLeaveTheContactUnknown() {
        publishStray(stray("cache", ResultStatus.SUCCESS, ResultSource.CACHE, T0));
        enrich(fixture, "nf", ResultStatus.NOT_FOUND, T0);
        assertThat(contacts().get(ADA)).isNull();
    }

    @Test
    void aCallbackNoAttemptAskedForNeverReachesTheStoreOrTheCache() {
        publishStray(stray("forged", ResultStatus.SUCCESS, ResultSource.CLAY, T0));
        EnrichmentResult noContact = new EnrichmentResult("corr-9", "req-9", null, "acme", ResultStatus.SUCCESS,
                ResultSource.CLAY, Map.of(), null, T0, null);
        publishStray(noContact);

        assertThat(contacts().approximateNumEntries()).isZero();
        assertThat(fixture.metrics.count("unmatched")).isEqualTo(2);
        // and the tenant's cache did not take it either: the next request goes to Clay
        fixture.request(TopologyFixture.requestJson("r1", "acme", "ada@example.com"));
        assertThat(fixture.outbound.readValue().requestId()).isEqualTo("r1");
        assertThat(fixture.results.isEmpty()).isTrue();
    }

    @Test
    void aResultIsKeptUnderItsAttemptsTenantAndContactWhateverTheCallbackClaims() {
        fixture.request(TopologyFixture.requestJson("r1", "acme", "ada@example.com"));
        OutboundRow row = fixture.outbound.readValue();
        // the right correlation id, but claiming another tenant's contact: it matches no attempt there
        EnrichmentResult otherTenant = new EnrichmentResult(row.correlationId(), row.requestId(), row.contactKey(),
                "beta", ResultStatus.SUCCESS, ResultSource.CLAY, Map.of("title", "forged"), null, T0, null);
        fixture.resultsIn.pipeInput(otherTenant.recordKey(), otherTenant);
        assertThat(contacts().get(ADA)).isNull();
        fixture.request(TopologyFixture.requestJson("b1", "beta", "ada@example.com"));
        assertThat(fixture.outbound.readValue().tenant()).as("beta's cache was not filled").isEqualTo("beta");

        EnrichmentResult genuine = new EnrichmentResult(row.correlationId(), row.requestId(), row.contactKey(), "acme",
                ResultStatus.SUCCESS, ResultSource.CLAY, Map.of("title", "CTO"), null, T0, null);
        fixture.resultsIn.pipeInput(genuine.recordKey(), genuine);
        assertThat(contacts().get(ADA)).isEqualTo(genuine);
    }

    @Test
    void theTopologysOwnCacheAnswerLeavesTheStoredClayResult() {
        EnrichmentResult clay = enrich(fixture, "1", ResultStatus.SUCCESS, T0);
        fixture.request(TopologyFixture.requestJson("r2", "acme", "ada@example.com"));
        EnrichmentResult cacheAnswer = fixture.results.readValue();
        assertThat(cacheAnswer.source()).isEqualTo(ResultSource.CACHE);
        publishStray(cacheAnswer);

        assertThat(contacts().get(ADA)).isEqualTo(clay);
    }

    /** Any order of received_at keeps the Clay success with the latest one (the first such on ties). */
    @Test
    void theStoreKeepsTheLatestClaySuccessWhateverTheOrder() {
        Seeds.check(60, random -> {
            try (TopologyFixture own = new TopologyFixture(TopologyFixture.policy(1000, 20000))) {
                List<EnrichmentResult> kept = new ArrayList<>();
                int count = 1 + random.nextInt(12);
                for (int i = 0; i < count; i++) {
                    ResultStatus status = ResultStatus.values()[random.nextInt(ResultStatus.values().length)];
                    Instant receivedAt = T0.plusSeconds(random.nextInt(5));
                    if (random.nextInt(3) == 0) {
                        EnrichmentResult cache = stray(String.valueOf(i), status, ResultSource.CACHE, receivedAt);
                        own.resultsIn.pipeInput(cache.recordKey(), cache);
                    } else {
                        kept.add(enrich(own, String.valueOf(i), status, receivedAt));
                    }
                }
                EnrichmentResult expected = kept.stream().filter(r -> r.status() == ResultStatus.SUCCESS)
                        .max(Comparator.comparing(EnrichmentResult::receivedAt).thenComparing(r -> -kept.indexOf(r)))
                        .orElse(null);
                KeyValueStore<String, EnrichmentResult> store = own.driver.getKeyValueStore(StoreNames.CONTACTS);
                assertThat(store.get(ADA)).as("after %s", kept).isEqualTo(expected);
            }
        });
    }
}
