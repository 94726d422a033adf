package io.clayenrichment.common.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.testing.TestKafka;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

class TopicProvisionerMainTest {

    @Test
    void createsAllEightTopicsWithTheirCleanupPolicyAndIsIdempotent() throws Exception {
        Map<String, String> variables = new HashMap<>();
        variables.put("KAFKA_BOOTSTRAP_SERVERS", TestKafka.bootstrapServers());
        variables.put("TOPIC_PARTITIONS", "3");
        variables.put("TOPIC_REPLICATION_FACTOR", "1");
        Map<String, String> policies = new HashMap<>();
        for (var topic : Map.of("TOPIC_REQUESTS", "delete", "TOPIC_RESULTS", "compact", "TOPIC_DEAD_LETTERS", "delete",
                "TOPIC_OUTBOUND", "delete", "TOPIC_BUDGETS", "compact", "TOPIC_URL_SUBMISSIONS", "compact",
                "TOPIC_RECEIPTS", "delete", "TOPIC_BUDGET_CHANGES", "delete", "TOPIC_WORKSPACE_GRANTS", "delete")
                .entrySet()) {
            String name = TestKafka.uniqueName(topic.getKey().toLowerCase());
            variables.put(topic.getKey(), name);
            policies.put(name, topic.getValue());
        }
        Env env = new Env(variables);

        assertThat(TopicProvisionerMain.run(env)).isZero();
        assertThat(TopicProvisionerMain.run(env)).as("second run finds them all").isZero();

        try (Admin admin = Admin.create(TestKafka.clientProperties())) {
            var descriptions = admin.describeTopics(policies.keySet()).allTopicNames().get(30, TimeUnit.SECONDS);
            assertThat(descriptions).hasSize(9);
            String changes = variables.get("TOPIC_BUDGET_CHANGES");
            // budget changes keep one total order: one partition, whatever TOPIC_PARTITIONS says
            assertThat(descriptions.get(changes).partitions()).hasSize(1);
            assertThat(descriptions.values()).filteredOn(d -> !d.name().equals(changes))
                    .allSatisfy(d -> assertThat(d.partitions()).hasSize(3));
            List<ConfigResource> resources = policies.keySet().stream()
                    .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
            var configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
            configs.forEach((resource, config) -> assertThat(config.get("cleanup.policy").value())
                    .as(resource.name()).isEqualTo(policies.get(resource.name())));
            assertThat(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, changes)).get("retention.ms").value())
                    .isEqualTo(Long.toString(Topics.BUDGET_CHANGES_RETENTION.toMillis()));
        }
    }

    @Test
    void aBadSettingExitsWithTwo() {
        assertThat(TopicProvisionerMain.run(new Env(Map.of("TOPIC_PARTITIONS", "six")))).isEqualTo(2);
    }
}
