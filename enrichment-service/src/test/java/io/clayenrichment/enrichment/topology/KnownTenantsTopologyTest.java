package io.clayenrichment.enrichment.topology;

import static io.clayenrichment.enrichment.topology.TopologyFixture.header;
import static io.clayenrichment.enrichment.topology.TopologyFixture.requestJson;
import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.deadletter.DeadLetterHeaders;
import io.clayenrichment.common.schema.DispatchReceipt;
import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.schema.OutboundRow;
import io.clayenrichment.common.schema.ResultSource;
import io.clayenrichment.common.schema.ResultStatus;
import io.clayenrichment.enrichment.budget.Period;
import io.clayenrichment.enrichment.tenants.TenantSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** KNOWN_TENANTS and UNKNOWN_TENANTS in the topology: who is served, and what an unknown tenant leaves behind. */
class KnownTenantsTopologyTest {

    private TopologyFixture fixture;

    @AfterEach
    void close() {
        fixture.close();
    }

    private void start(TenantSettings.Unknown unknown, String... known) {
        TenantSettings tenants = new TenantSettings(Set.of(known), unknown, TenantSettings.DEFAULT_METRICS_MAX_TENANTS);
        fixture = new TopologyFixture(TopologyFixture.policy(1000, 20000), settings -> settings.withTenants(tenants));
    }

    @Test
    void underServeAnUnknownTenantIsSentToClayOnTheDefaultBudget() {
        start(TenantSettings.Unknown.SERVE, "acme");

        fixture.request(requestJson("r1", "ghost", "ada@example.com"));

        assertThat(fixture.outbound.readValuesToList()).extracting(OutboundRow::tenant).containsExactly("ghost");
        assertThat(fixture.deadLetterRecords()).isEmpty();
        assertThat(fixture.spend("ghost", Period.DAY).reservedMilli()).isEqualTo(1000);
    }

    @Test
    void underRefuseAnUnknownTenantIsDeadLetteredAtIntakeAndLeavesNoState() {
        start(TenantSettings.Unknown.REFUSE, "acme");

        fixture.request(requestJson("r1", "ghost", "ada@example.com"));
        fixture.advance(Duration.ofSeconds(2));

        List<TestRecord<byte[], byte[]>> dead = fixture.deadLetterRecords();
        assertThat(dead).hasSize(1);
        assertThat(header(dead.get(0), DeadLetterHeaders.REASON)).isEqualTo("unknown_tenant");
        assertThat(header(dead.get(0), DeadLetterHeaders.DETAIL)).contains("'ghost'").contains("KNOWN_TENANTS");
        assertThat(header(dead.get(0), DeadLetterHeaders.TENANT)).isEqualTo("ghost");
        assertThat(new String(dead.get(0).value(), java.nio.charset.StandardCharsets.UTF_8)).contains("ada@example.com");
        assertThat(fixture.outbound.isEmpty()).isTrue();
        assertThat(decisionStateEntries()).isEmpty();
        assertThat(fixture.metrics.count("dead/unknown_tenant/ghost")).isEqualTo(1);
        assertThat(fixture.metrics.budgets).doesNotContainKey("ghost");
    }

    @Test
    void namesAreComparedExactly() {
        start(TenantSettings.Unknown.REFUSE, "acme");

        fixture.request(requestJson("r1", "Acme", "ada@example.com"));
        fixture.request(requestJson("r2", "acme", "ada@example.com"));
        // stripped as every tenant is at intake: " acme " is acme
        fixture.request(requestJson("r3", " acme ", "bob@example.com"));

        assertThat(fixture.deadLetterRecords()).extracting(l -> header(l, DeadLetterHeaders.TENANT))
                .containsExactly("Acme");
        assertThat(fixture.outbound.readValuesToList()).extracting(OutboundRow::requestId).containsExactly("r2", "r3");
    }

    @Test
    void theDefaultTenantIsKnownOnlyWhenListed() {
        start(TenantSettings.Unknown.REFUSE, "acme");
        fixture.request("{\"request_id\":\"r1\",\"email\":\"ada@example.com\"}");
        assertThat(fixture.deadLetterRecords()).extracting(l -> header(l, DeadLetterHeaders.TENANT))
                .containsExactly("default");
        fixture.close();

        start(TenantSettings.Unknown.REFUSE, "acme", "default");
        fixture.request("{\"request_id\":\"r1\",\"email\":\"ada@example.com\"}");
        assertThat(fixture.outbound.readValuesToList()).extracting(OutboundRow::tenant).containsExactly("default");
    }

    @Test
    void anInvalidRequestOfAnUnknownTenantIsInvalid() {
        start(TenantSettings.Unknown.REFUSE, "acme");

        fixture.request(requestJson("r1", "ghost", "not-an-email"));

        assertThat(fixture.deadLetterRecords()).extracting(l -> header(l, DeadLetterHeaders.REASON))
                .containsExactly("invalid");
    }

    @Test
    void resultsAndReceiptsNamingAnUnknownTenantChangeNothingAndCreateNoState() {
        start(TenantSettings.Unknown.REFUSE, "acme");
        fixture.request(requestJson("r1", "acme", "ada@example.com"));
        OutboundRow row = fixture.outbound.readValue();
        List<KeyValue<String, Object>> before = decisionStateEntries();

        // the acme attempt's own correlation id and contact, under another tenant's name
        EnrichmentResult forged = new EnrichmentResult(row.correlationId(), row.requestId(), row.contactKey(), "ghost",
                ResultStatus.SUCCESS, ResultSource.CLAY, Map.of("title", "Engineer"), 5.0, fixture.now(), null);
        fixture.resultsIn.pipeInput(forged.recordKey(), forged, fixture.now());
        for (DispatchReceipt.Stage stage : List.of(DispatchReceipt.Stage.SENDING, DispatchReceipt.Stage.FAILED)) {
            fixture.receiptsIn.pipeInput("ghost", new DispatchReceipt(row.correlationId(), "ghost", row.contactKey(),
                    row.requestId(), stage, DispatchReceipt.Reach.NO, "clay_rejected", "HTTP 400 from Clay",
                    fixture.now()), fixture.now());
        }
        fixture.advance(Duration.ofSeconds(2));

        assertThat(fixture.results.isEmpty()).isTrue();
        assertThat(fixture.deadLetterRecords()).isEmpty();
        assertThat(fixture.metrics.count("unmatched")).isEqualTo(1);
        assertThat(decisionStateEntries()).usingRecursiveFieldByFieldElementComparator().isEqualTo(before);
        assertThat(fixture.spend("acme", Period.DAY).reservedMilli()).isEqualTo(1000);

        // acme's own result still settles its attempt
        fixture.clayResult(row, ResultStatus.SUCCESS, 1.0);
        assertThat(fixture.spend("acme", Period.DAY).spentMilli()).isEqualTo(1000);
    }

    /** Every entry of the decider's stores, as (store/key, value). */
    private List<KeyValue<String, Object>> decisionStateEntries() {
        List<KeyValue<String, Object>> entries = new ArrayList<>();
        for (String store : List.of(StoreNames.SPEND, StoreNames.ATTEMPTS, StoreNames.WAITERS, StoreNames.HELD,
                StoreNames.COSTS, StoreNames.FRESHNESS, StoreNames.REFRESHES, StoreNames.CONTACTS)) {
            KeyValueStore<String, Object> kv = fixture.driver.getKeyValueStore(store);
            try (KeyValueIterator<String, Object> all = kv.all()) {
                all.forEachRemaining(entry -> entries.add(KeyValue.pair(store + "/" + entry.key, entry.value)));
            }
        }
        return entries;
    }
}
