package io.clayenrichment.enrichment.topology;

import static io.clayenrichment.enrichment.topology.TopologyFixture.header;
import static io.clayenrichment.enrichment.topology.TopologyFixture.requestJson;
import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.deadletter.DeadLetterHeaders;
import io.clayenrichment.common.topics.Topics;
import io.clayenrichment.enrichment.budget.BudgetChange;
import io.clayenrichment.enrichment.budget.BudgetOverride;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The budget fold: operators' partial changes, in the order of the changes topic, over the current
 * override, out to the budgets topic with the change's offset as version, and from there into the
 * global store that decisions read.
 */
class BudgetChangeFoldTopologyTest {

    private final TopologyFixture fixture = new TopologyFixture(TopologyFixture.policy(1000, 20000));

    @AfterEach
    void close() {
        fixture.close();
    }

    private void change(String key, BigDecimal daily, BigDecimal monthly, Boolean forceOpen) {
        fixture.budgetChanges.pipeInput(key, new BudgetChange(key, daily, monthly, forceOpen, fixture.now()),
                fixture.now());
        fixture.advance(Duration.ofMillis(10));
    }

    private BudgetOverride published(String tenant) {
        KeyValueStore<String, BudgetOverride> store = fixture.driver.getKeyValueStore(StoreNames.BUDGETS);
        return store.get(tenant);
    }

    private static BigDecimal credits(long value) {
        return BigDecimal.valueOf(value);
    }

    @Test
    void changesAreFoldedInOffsetOrderAndAFieldLeftOutKeepsItsValue() {
        change("acme", null, null, true);
        change("acme", credits(50), null, null);
        change("beta", null, credits(7), null);
        change("acme", null, credits(500), null);
        change("acme", credits(60), null, null);

        List<TestRecord<String, BudgetOverride>> out = fixture.foldedBudgets.readRecordsToList();
        assertThat(out).extracting(TestRecord::key).containsExactly("acme", "acme", "beta", "acme", "acme");
        assertThat(out).extracting(record -> record.value().version()).containsExactly(0L, 1L, 2L, 3L, 4L);
        // the change of daily kept force_open, the change of monthly kept daily
        assertThat(out.get(1).value().forced()).isTrue();
        assertThat(out.get(3).value().daily()).isEqualByComparingTo("50");
        BudgetOverride acme = out.get(4).value();
        assertThat(acme.daily()).isEqualByComparingTo("60");
        assertThat(acme.monthly()).isEqualByComparingTo("500");
        assertThat(acme.forced()).isTrue();
        assertThat(published("acme")).isEqualTo(acme);
        assertThat(published("beta").daily()).isNull();
        assertThat(published("beta").monthly()).isEqualByComparingTo("7");
        assertThat(published("beta").version()).isEqualTo(2L);
    }

    @Test
    void theFoldedBudgetDecides() {
        change("acme", null, null, true);

        fixture.request(requestJson("r1", "acme", "ada@example.com"));

        assertThat(fixture.outbound.isEmpty()).isTrue();
        assertThat(header(fixture.deadLetterRecords().get(0), DeadLetterHeaders.REASON)).isEqualTo("breaker_open");
    }

    @Test
    void theFirstChangeAfterAnUpgradeStartsFromTheOverrideThePreviousVersionWrote() {
        // the previous version wrote whole overrides, without a version, straight to the budgets topic
        fixture.override("acme", 12L, 300L, true);
        fixture.foldedBudgets.readRecordsToList();
        assertThat(published("acme").version()).isNull();
        fixture.advance(Duration.ofSeconds(1));

        change("acme", null, credits(400), null);

        BudgetOverride folded = fixture.foldedBudgets.readValue();
        assertThat(folded.daily()).isEqualByComparingTo("12");
        assertThat(folded.monthly()).isEqualByComparingTo("400");
        assertThat(folded.forced()).isTrue();
        assertThat(folded.version()).isZero();
    }

    @Test
    void anOverrideOfThePreviousVersionWrittenAfterTheFoldsOwnIsNotUndone() {
        change("acme", credits(5), null, null);
        fixture.advance(Duration.ofSeconds(1));
        // an instance not yet upgraded took a change during the rolling upgrade
        fixture.override("acme", 5L, 900L, false);
        fixture.advance(Duration.ofSeconds(1));

        change("acme", null, null, true);

        List<BudgetOverride> out = fixture.foldedBudgets.readValuesToList();
        BudgetOverride last = out.get(out.size() - 1);
        assertThat(last.monthly()).isEqualByComparingTo("900");
        assertThat(last.forced()).isTrue();
        assertThat(last.version()).isEqualTo(1L);
    }

    @Test
    void aStaleUnversionedOverrideInTheGlobalStoreDoesNotReplaceTheFoldsOwn() {
        fixture.override("acme", 12L, null, false);
        fixture.advance(Duration.ofSeconds(1));
        change("acme", credits(20), null, null);
        // the global store holds the fold's result now; put the old one back, as a lagging store would show it
        KeyValueStore<String, BudgetOverride> store = fixture.driver.getKeyValueStore(StoreNames.BUDGETS);
        store.put("acme", new BudgetOverride("acme", credits(12), null, false, fixture.now().minusSeconds(1)));

        change("acme", null, credits(30), null);

        List<BudgetOverride> out = fixture.foldedBudgets.readValuesToList();
        assertThat(out.get(out.size() - 1).daily()).isEqualByComparingTo("20");
    }

    @Test
    void anUnreadableChangeIsDeadLetteredAndTheNextOneIsFolded() {
        fixture.driver.createInputTopic(Topics.DEFAULT_BUDGET_CHANGES, new ByteArraySerializer(),
                new ByteArraySerializer()).pipeInput("acme".getBytes(StandardCharsets.UTF_8),
                "{\"daily\": ".getBytes(StandardCharsets.UTF_8));

        change("acme", credits(3), null, null);

        TestRecord<byte[], byte[]> letter = fixture.deadLetterRecords().get(0);
        assertThat(header(letter, DeadLetterHeaders.REASON)).isEqualTo("invalid");
        assertThat(header(letter, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(Topics.DEFAULT_BUDGET_CHANGES);
        BudgetOverride folded = fixture.foldedBudgets.readValue();
        assertThat(folded.daily()).isEqualByComparingTo("3");
        assertThat(folded.version()).isEqualTo(1L);
    }

    @Test
    void aChangeOutsideTheLimitsTheApiAcceptsIsSkippedAndTheNextOneIsFolded() {
        change("acme", credits(-5), null, null);
        change("acme", new BigDecimal("1e40"), null, null);
        fixture.budgetChanges.pipeInput("acme", null, fixture.now());
        change("acme", null, null, true);

        List<TestRecord<String, BudgetOverride>> out = fixture.foldedBudgets.readRecordsToList();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).value().daily()).isNull();
        assertThat(out.get(0).value().forced()).isTrue();
        assertThat(out.get(0).value().version()).isEqualTo(3L);
        assertThat(fixture.deadLetters.isEmpty()).isTrue();
    }
}
