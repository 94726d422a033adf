package io.clayenrichment.common.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.config.Env;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/**
 * {@link Topics} lists each topic once, with a setting of its own (the outbound lanes follow the
 * outbound topic's), and the topics Job creates every
 * topic it lists as provisioned exactly as its spec says, under the name the environment gives it.
 */
class TopicRegistryTest {

    @Test
    void everyTopicHasItsOwnNameAndItsOwnTopicSetting() {
        assertThat(Topics.ALL).extracting(TopicSpec::defaultName).doesNotHaveDuplicates();
        assertThat(Topics.ALL).filteredOn(spec -> spec.suffix() == null).extracting(TopicSpec::setting)
                .doesNotHaveDuplicates().allSatisfy(setting -> assertThat(setting).startsWith("TOPIC_"));
        // the lanes are named after the outbound topic: its setting renames them too
        assertThat(Topics.ALL).filteredOn(spec -> spec.suffix() != null).containsExactly(Topics.OUTBOUND_URGENT,
                Topics.OUTBOUND_BACKFILL).allSatisfy(lane -> assertThat(lane.setting()).isEqualTo("TOPIC_OUTBOUND"));
        Env renamed = new Env(Map.of("TOPIC_OUTBOUND", "team.rows"));
        assertThat(Topics.OUTBOUND_URGENT.nameIn(renamed)).isEqualTo("team.rows.urgent");
        assertThat(Topics.fromEnv(renamed).outboundLanes()).containsExactly("team.rows.urgent", "team.rows",
                "team.rows.backfill");
        assertThat(Topics.defaults().all()).extracting(Topic::name).containsExactly(Topics.REQUESTS.defaultName(),
                Topics.RESULTS.defaultName(), Topics.DEAD_LETTERS.defaultName(), Topics.OUTBOUND.defaultName());
    }

    @Test
    void theJobCreatesEveryProvisionedTopicUnderItsSettingsNameWithItsSpecsLayout() {
        Map<String, String> variables = new HashMap<>(Map.of("TOPIC_PARTITIONS", "4", "TOPIC_REPLICATION_FACTOR", "3"));
        Topics.ALL.stream().filter(spec -> spec.suffix() == null)
                .forEach(spec -> variables.put(spec.setting(), "renamed." + spec.defaultName()));

        Map<String, NewTopic> created = TopicProvisionerMain.wanted(new Env(variables)).stream()
                .collect(Collectors.toMap(NewTopic::name, topic -> topic));

        List<TopicSpec> provisioned = Topics.ALL.stream().filter(TopicSpec::provisioned).toList();
        assertThat(created).hasSameSizeAs(provisioned);
        assertThat(provisioned).allSatisfy(spec -> {
            NewTopic topic = created.get("renamed." + spec.defaultName());
            assertThat(topic).as(spec.setting()).isNotNull();
            assertThat(topic.numPartitions()).as(spec.setting())
                    .isEqualTo(spec.partitions() == TopicSpec.Partitions.ONE ? 1 : 4);
            assertThat(topic.replicationFactor()).isEqualTo((short) 3);
            assertThat(topic.configs()).as(spec.setting()).isEqualTo(spec.configs())
                    .containsEntry("cleanup.policy", spec.compacted() ? "compact" : "delete");
        });
        // the one topic no Job creates: dlq replay makes its ledger when it first runs
        assertThat(Topics.ALL).filteredOn(spec -> !spec.provisioned()).containsExactly(Topics.REPLAYED);
    }

    @Test
    void budgetChangesAndGrantsKeepTheirRetention() {
        assertThat(Topics.BUDGET_CHANGES.configs()).containsEntry("retention.ms",
                Long.toString(Topics.BUDGET_CHANGES_RETENTION.toMillis()));
        assertThat(Topics.WORKSPACE_GRANTS.configs()).containsEntry("retention.ms",
                Long.toString(Topics.WORKSPACE_GRANTS_RETENTION.toMillis()));
        assertThat(Topics.RESULTS.configs()).doesNotContainKey("retention.ms");
    }

    @Test
    void aTopicWithoutAPartitionRuleOfItsOwnTakesTheBrokersDefaultsWhenTheLayoutSaysSo() {
        NewTopic topic = Topics.REQUESTS.newTopic("r", new TopicLayout(-1, (short) -1));
        NewTopic changes = Topics.BUDGET_CHANGES.newTopic("c", new TopicLayout(-1, (short) -1));

        assertThat(topic.numPartitions()).isEqualTo(-1);
        assertThat(topic.replicationFactor()).isEqualTo((short) -1);
        assertThat(changes.numPartitions()).isEqualTo(1);
    }
}
