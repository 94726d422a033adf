package io.clayenrichment.common.testing;

import io.clayenrichment.common.kafka.KafkaBrokerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * The one way tests get a real Kafka broker, shared by every test of a JVM: the broker named by
 * {@code KAFKA_BOOTSTRAP_SERVERS} when set, else a Testcontainers Kafka container when Docker is
 * available, else an in-JVM single-node KRaft cluster. Tests keep out of each other's way with
 * {@link #uniqueName(String)} topics and group ids.
 */
public final class TestKafka {

    private static final Logger LOG = LoggerFactory.getLogger(TestKafka.class);
    private static final String CONTAINER_IMAGE = "apache/kafka:4.1.1";

    private static String bootstrapServers;

    private TestKafka() {}

    public static synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            bootstrapServers = startOrFind();
        }
        return bootstrapServers;
    }

    /** Client properties for the shared broker. */
    public static Properties clientProperties() {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", bootstrapServers());
        return properties;
    }

    /** A name no other test uses, for topics, group ids and application ids. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Creates the topics and waits until the broker describes them: a creation is acknowledged before
     * every part of the broker knows the topic, and a client that looks at once can be told it does
     * not exist.
     */
    public static void createTopics(int partitions, String... names) {
        try (Admin admin = Admin.create(clientProperties())) {
            List<NewTopic> topics = java.util.Arrays.stream(names)
                    .map(name -> new NewTopic(name, partitions, (short) 1)).toList();
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                try {
                    var described = admin.describeTopics(List.of(names)).allTopicNames().get(5, TimeUnit.SECONDS);
                    if (described.values().stream().allMatch(d -> d.partitions().size() == partitions
                            && d.partitions().stream().allMatch(p -> p.leader() != null))) {
                        return;
                    }
                } catch (java.util.concurrent.ExecutionException notYet) {
                    // not known everywhere yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("test topics " + List.of(names) + " not visible after 30 s");
                }
                Thread.sleep(50);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create test topics " + List.of(names), e);
        }
    }

    /**
     * A broker of the test's own, as a separate process that the test can stop and start again (for
     * tests of what happens while Kafka is down). It runs from this JVM's classpath, which holds the
     * Kafka server jars, on fixed free ports so clients find it again after a restart.
     */
    public static KafkaBrokerProcess ownBrokerProcess(Path dataDir) {
        return KafkaBrokerProcess.builder(System.getProperty("java.class.path"), dataDir)
                .ports(KafkaBrokerProcess.freePort(), KafkaBrokerProcess.freePort())
                .jvmOption("-Xmx256m")
                .build();
    }

    private static String startOrFind() {
        String external = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        if (external != null && !external.isBlank()) {
            LOG.info("tests use the Kafka broker at {} (KAFKA_BOOTSTRAP_SERVERS)", external);
            return external.strip();
        }
        if (dockerAvailable()) {
            return startContainer();
        }
        return startInJvmCluster();
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    private static String startContainer() {
        var container = new org.testcontainers.kafka.KafkaContainer(CONTAINER_IMAGE);
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "test-kafka-container-stop"));
        LOG.info("tests use a Testcontainers Kafka broker at {}", container.getBootstrapServers());
        return container.getBootstrapServers();
    }

    private static String startInJvmCluster() {
        try {
            Path baseDir = Files.createTempDirectory("test-kafka-");
            KafkaClusterTestKit cluster = singleNode(oneCombinedNode().setBaseDirectory(baseDir).build()).build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    cluster.close();
                } catch (Exception ignored) {
                    // the JVM is exiting; the temp folder goes with the test run
                }
            }, "test-kafka-stop"));
            LOG.info("tests use an in-JVM KRaft broker at {} (no KAFKA_BOOTSTRAP_SERVERS, no Docker)",
                    cluster.bootstrapServers());
            return cluster.bootstrapServers();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the in-JVM Kafka test cluster", e);
        }
    }

    /** One node that is broker and controller, on the released metadata version (the default is not). */
    static TestKitNodes.Builder oneCombinedNode() {
        return new TestKitNodes.Builder()
                .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1);
    }

    /**
     * A one-node cluster's settings: internal topics of replication factor 1 (or groups and transactions
     * hang), no rebalance delay, and a cleaner buffer that fits a test JVM's heap.
     */
    static KafkaClusterTestKit.Builder singleNode(TestKitNodes nodes) {
        return new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "5")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("transaction.state.log.num.partitions", "5")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("log.cleaner.dedupe.buffer.size", "16777216");
    }

    /** Waits for a broker process test to see its broker again, bounded. */
    public static Duration brokerStartTimeout() {
        return Duration.ofSeconds(90);
    }

}
