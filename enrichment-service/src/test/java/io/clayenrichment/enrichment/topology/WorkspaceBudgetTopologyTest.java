package io.clayenrichment.enrichment.topology;

import static io.clayenrichment.enrichment.topology.TopologyFixture.header;
import static io.clayenrichment.enrichment.topology.TopologyFixture.requestJson;
import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.deadletter.DeadLetterHeaders;
import io.clayenrichment.common.schema.OutboundRow;
import io.clayenrichment.common.schema.ResultStatus;
import io.clayenrichment.enrichment.budget.BudgetLimits;
import io.clayenrichment.enrichment.budget.WorkspaceBudget;
import io.clayenrichment.enrichment.budget.WorkspaceLedger;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The workspace budget over all tenants: leases from its owner, waiting requests, refusals, returns. */
class WorkspaceBudgetTopologyTest {

    private TopologyFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private void start(long workspaceDaily, long workspaceMonthly) {
        fixture = new TopologyFixture(TopologyFixture.policy(100, 1000), settings -> settings.withWorkspace(
                WorkspaceBudget.of(new BudgetLimits(workspaceDaily * 1000, workspaceMonthly * 1000, false))));
    }

    private void requests(int count, String prefix) {
        for (int i = 0; i < count; i++) {
            String tenant = "tenant-" + (i % 3);
            fixture.request(requestJson(prefix + i, tenant, prefix + i + "@example.com"));
        }
    }

    @Test
    void allTenantsTogetherSendNoMoreRowsThanTheWorkspaceDailyLimit() {
        start(5, 1000);
        requests(12, "r");

        List<OutboundRow> rows = fixture.outbound.readValuesToList();
        assertThat(rows).hasSize(5);
        assertThat(rows).extracting(OutboundRow::tenant).contains("tenant-0", "tenant-1", "tenant-2");
        List<TestRecord<byte[], byte[]>> dead = fixture.deadLetterRecords();
        assertThat(dead).hasSize(7);
        assertThat(dead).allSatisfy(letter -> {
            assertThat(header(letter, DeadLetterHeaders.REASON)).isEqualTo("budget_exhausted");
            assertThat(header(letter, DeadLetterHeaders.DETAIL)).contains("daily budget of the workspace");
        });
        assertThat(ledger().day().committedMilli()).isLessThanOrEqualTo(5000);
    }

    @Test
    void whatClayDidNotChargeGoesBackAndIsSpentAgain() {
        start(4, 1000);
        requests(4, "a");
        List<OutboundRow> first = fixture.outbound.readValuesToList();
        assertThat(first).hasSize(4);
        for (OutboundRow row : first) {
            fixture.clayResult(row, ResultStatus.NOT_FOUND, 0.0);
        }
        requests(4, "b");
        assertThat(fixture.outbound.readValuesToList()).as("not_found costs nothing: the lease has it back").hasSize(4);
        assertThat(fixture.deadLetterRecords()).isEmpty();
    }

    @Test
    void aMonthlyLimitHoldsAcrossDays() {
        start(1000, 6);
        requests(4, "d1-");
        for (OutboundRow row : fixture.outbound.readValuesToList()) {
            fixture.clayResult(row, ResultStatus.SUCCESS, 1.0);
        }
        fixture.advance(Duration.ofDays(1));
        requests(4, "d2-");
        assertThat(fixture.outbound.readValuesToList()).as("6 a month, 4 spent yesterday").hasSize(2);
        assertThat(fixture.deadLetterRecords()).extracting(letter -> header(letter, DeadLetterHeaders.DETAIL))
                .allSatisfy(detail -> assertThat(detail).contains("monthly budget of the workspace"));
    }

    @Test
    void theNextDayLeasesAgain() {
        start(2, 1000);
        requests(3, "x");
        assertThat(fixture.outbound.readValuesToList()).hasSize(2);
        assertThat(fixture.deadLetterRecords()).hasSize(1);
        fixture.advance(Duration.ofDays(1));
        requests(3, "y");
        assertThat(fixture.outbound.readValuesToList()).hasSize(2);
    }

    @Test
    void theOperatorSwitchStopsEverySpendAtOnce() {
        start(1000, 10000);
        requests(3, "before");
        assertThat(fixture.outbound.readValuesToList()).hasSize(3);
        fixture.override(WorkspaceBudget.OVERRIDE_KEY, null, null, true);
        requests(3, "after");
        assertThat(fixture.outbound.readValuesToList()).isEmpty();
        assertThat(fixture.deadLetterRecords()).extracting(letter -> header(letter, DeadLetterHeaders.REASON))
                .containsOnly("breaker_open");
    }

    @Test
    void anIdleLeaseGoesBackToTheOwner() {
        start(1000, 10000);
        requests(1, "one");
        assertThat(fixture.outbound.readValuesToList()).hasSize(1);
        assertThat(ledger().day().reservedMilli()).as("a first lease of several attempts").isGreaterThan(1000);
        fixture.advance(Duration.ofSeconds(3));
        assertThat(ledger().day().reservedMilli()).as("only the open reservation stays leased").isEqualTo(1000);
    }

    @Test
    void withoutAWorkspaceLimitNothingIsLeased() {
        fixture = new TopologyFixture(TopologyFixture.policy(100, 1000));
        requests(5, "free");
        assertThat(fixture.outbound.readValuesToList()).hasSize(5);
        assertThat(ledger()).isNull();
    }

    private WorkspaceLedger ledger() {
        KeyValueStore<String, WorkspaceLedger> store = fixture.driver.getKeyValueStore(StoreNames.WORKSPACE);
        WorkspaceLedger ledger = store.get(StoreNames.WORKSPACE_KEY);
        return ledger == null ? null : ledger.rolledTo(fixture.now().toEpochMilli());
    }
}
