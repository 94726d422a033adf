package io.clayenrichment.common.topics;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.schema.Priority;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the platform's topics at start-up when they are missing; existing topics are left as they are. */
public final class TopicProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    private TopicProvisioner() {}

    /**
     * The topics of the contract with the given layout, and the outbound lanes beside the outbound
     * topic; {@code enriched.contacts} is compacted.
     */
    public static List<NewTopic> platformTopics(Topics topics, TopicLayout layout) {
        List<NewTopic> all = new ArrayList<>(List.of(
                Topics.REQUESTS.newTopic(topics.requests().name(), layout),
                Topics.RESULTS.newTopic(topics.results().name(), layout),
                Topics.DEAD_LETTERS.newTopic(topics.deadLetters().name(), layout)));
        all.addAll(outboundLanes(topics, layout));
        return List.copyOf(all);
    }

    /** The outbound topic and its two other lanes, which the topology writes and the dispatcher reads. */
    public static List<NewTopic> outboundLanes(Topics topics, TopicLayout layout) {
        return List.of(Topics.OUTBOUND.newTopic(topics.outbound().name(), layout),
                Topics.OUTBOUND_URGENT.newTopic(topics.outboundLane(Priority.URGENT), layout),
                Topics.OUTBOUND_BACKFILL.newTopic(topics.outboundLane(Priority.BACKFILL), layout));
    }

    /**
     * Every topic the topics Job creates ({@link TopicSpec#provisioned}), named and laid out as
     * {@code env} says: the contract's and the enrichment service's own.
     */
    public static List<NewTopic> provisionedTopics(Env env) {
        TopicLayout layout = TopicLayout.fromEnv(env);
        return Topics.ALL.stream().filter(TopicSpec::provisioned)
                .map(spec -> spec.newTopic(spec.nameIn(env), layout)).toList();
    }

    /** Creates whichever of {@code wanted} do not exist yet; returns the names it created. */
    public static List<String> ensure(Properties adminProperties, Collection<NewTopic> wanted)
            throws InterruptedException, ExecutionException, TimeoutException {
        try (Admin admin = Admin.create(adminProperties)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            List<String> created = new ArrayList<>();
            for (var entry : admin.createTopics(missing).values().entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                    created.add(entry.getKey());
                    LOG.info("created topic {}", entry.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            awaitVisible(admin, created);
            return created;
        }
    }

    /**
     * Waits until the broker describes the new topics: a client that starts right after creation (a
     * Kafka Streams global store, say) fails if its first metadata request does not see them yet.
     */
    private static void awaitVisible(Admin admin, List<String> created) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!created.isEmpty()) {
            try {
                admin.describeTopics(created).allTopicNames().get(5, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | TimeoutException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("created topics " + created + " are still not visible after 30 s");
                }
                Thread.sleep(100);
            }
        }
    }
}
