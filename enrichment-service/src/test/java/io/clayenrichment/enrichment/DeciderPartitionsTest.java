package io.clayenrichment.enrichment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.testing.IsolatedEnv;
import io.clayenrichment.common.testing.TestKafka;
import io.clayenrichment.enrichment.topology.Repartition;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/**
 * Scheduled refresh splits its rate over the decider's tasks; the count it uses must be the one Kafka
 * Streams gives the by-tenant topic when the merged inputs have different partition counts.
 */
class DeciderPartitionsTest {

    @Test
    void theCountIsThePartitionsOfTheByTenantTopicThatStreamsCreates() throws Exception {
        Map<String, String> env = IsolatedEnv.named("decider-partitions");
        env.put("DISPATCHER_ENABLED", "false");
        env.put("REFRESH_AFTER", "P7D");
        TestKafka.createTopics(2, env.get("TOPIC_REQUESTS"));
        TestKafka.createTopics(5, env.get("TOPIC_RESULTS"));
        TestKafka.createTopics(3, env.get("TOPIC_RECEIPTS"));
        EnrichmentSettings settings = EnrichmentSettings.fromEnv(new Env(env));

        int counted = DeciderPartitions.count(TestKafka.clientProperties(), settings.topology().topics(),
                settings.topology().receiptsTopic());

        assertThat(counted).isEqualTo(5);
        try (EnrichmentService service = EnrichmentService.start(settings)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> service.streams().isRunning());
            String byTenant = Repartition.BY_TENANT.topicName(env.get("APPLICATION_ID"));
            try (Admin admin = Admin.create(TestKafka.clientProperties())) {
                int created = admin.describeTopics(List.of(byTenant)).allTopicNames().get(30, TimeUnit.SECONDS)
                        .get(byTenant).partitions().size();
                assertThat(created).isEqualTo(counted);
            }
        }
    }
}
