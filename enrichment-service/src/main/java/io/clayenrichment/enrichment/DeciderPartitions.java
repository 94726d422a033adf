package io.clayenrichment.enrichment;

import io.clayenrichment.common.topics.Topics;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;

/**
 * How many tasks run the decider: Kafka Streams gives the by-tenant repartition topic as many
 * partitions as the largest of the topics merged into it (requests, results, receipts), and
 * refuses to start if an existing one differs. Scheduled refresh splits its rate over these tasks.
 */
final class DeciderPartitions {

    private DeciderPartitions() {}

    static int count(Properties adminProperties, Topics topics, String receiptsTopic)
            throws InterruptedException, ExecutionException, TimeoutException {
        return mostPartitions(adminProperties, List.of(topics.requests().name(), topics.results().name(),
                receiptsTopic));
    }

    static int partitionsOf(Properties adminProperties, String topic)
            throws InterruptedException, ExecutionException, TimeoutException {
        return mostPartitions(adminProperties, List.of(topic));
    }

    private static int mostPartitions(Properties adminProperties, List<String> names)
            throws InterruptedException, ExecutionException, TimeoutException {
        try (Admin admin = Admin.create(adminProperties)) {
            return admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToInt(description -> description.partitions().size()).max().orElseThrow();
        }
    }
}
