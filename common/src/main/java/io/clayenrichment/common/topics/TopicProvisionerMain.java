package io.clayenrichment.common.topics;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.config.KafkaSettings;
import io.clayenrichment.common.config.SettingsException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the platform's missing topics and exits: 0 when they all exist, 1 when Kafka refused, 2 on a
 * bad setting. The Helm chart's pre-install/pre-upgrade Job runs it from the enrichment-service image:
 * {@code java -cp @/app/jib-classpath-file io.clayenrichment.common.topics.TopicProvisionerMain}.
 * Settings: {@code KAFKA_*}, {@code TOPIC_*} names, {@code TOPIC_PARTITIONS}, {@code TOPIC_REPLICATION_FACTOR}.
 */
public final class TopicProvisionerMain {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisionerMain.class);

    private TopicProvisionerMain() {}

    public static void main(String[] args) {
        System.exit(run(Env.system()));
    }

    /** Runs once and returns the process exit code (public: the ACL test runs it as its own principal). */
    public static int run(Env env) {
        try {
            List<NewTopic> wanted = wanted(env);
            List<String> created = TopicProvisioner.ensure(KafkaSettings.fromEnv(env).toProperties(), wanted);
            LOG.info("topics ready: {} wanted, created {}", wanted.size(), created);
            return 0;
        } catch (SettingsException e) {
            LOG.error("{}", e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (Exception e) {
            LOG.error("cannot create topics: {}", e.toString());
            return 1;
        }
    }

    /**
     * The contract's four topics plus the enrichment service's own: budgets and URL submissions
     * (compacted), the dispatcher's receipts, the budget changes (one partition, kept 7 days) and the
     * workspace budget's grants (kept a day).
     */
    static List<NewTopic> wanted(Env env) {
        TopicLayout layout = TopicLayout.fromEnv(env);
        List<NewTopic> topics = new ArrayList<>(TopicProvisioner.platformTopics(Topics.fromEnv(env), layout));
        topics.add(layout.compacted(env.string("TOPIC_BUDGETS", Topics.DEFAULT_BUDGETS)));
        topics.add(layout.compacted(env.string("TOPIC_URL_SUBMISSIONS", Topics.DEFAULT_URL_SUBMISSIONS)));
        topics.add(layout.newTopic(env.string("TOPIC_RECEIPTS", Topics.DEFAULT_RECEIPTS), java.util.Map.of()));
        topics.add(layout.ordered(env.string("TOPIC_BUDGET_CHANGES", Topics.DEFAULT_BUDGET_CHANGES),
                Topics.BUDGET_CHANGES_RETENTION));
        // As many partitions as the decider's topics: each decider task reads its own grants.
        topics.add(layout.newTopic(env.string("TOPIC_WORKSPACE_GRANTS", Topics.DEFAULT_WORKSPACE_GRANTS),
                java.util.Map.of("retention.ms", Long.toString(Topics.WORKSPACE_GRANTS_RETENTION.toMillis()))));
        return topics;
    }
}
