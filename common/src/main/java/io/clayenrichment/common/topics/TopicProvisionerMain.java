package io.clayenrichment.common.topics;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.config.KafkaSettings;
import io.clayenrichment.common.config.SettingsException;
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
     * Every topic {@link Topics} lists as provisioned: the contract's four plus the enrichment
     * service's own (budgets and URL submissions compacted, the dispatcher's receipts, the budget
     * changes in one partition kept 7 days, the workspace budget's grants kept a day).
     */
    static List<NewTopic> wanted(Env env) {
        return TopicProvisioner.provisionedTopics(env);
    }
}
