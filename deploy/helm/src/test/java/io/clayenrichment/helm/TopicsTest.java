package io.clayenrichment.helm;

import static io.clayenrichment.helm.ChartRenderer.ciValues;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.topics.TopicProvisionerMain;
import io.clayenrichment.common.topics.TopicSpec;
import io.clayenrichment.common.topics.Topics;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Topic creation: a pre-install/pre-upgrade Job, or Strimzi KafkaTopics. helm-java's template()
 * leaves hook resources out, so the Job is checked in a copy of the chart with the hook annotation renamed.
 */
class TopicsTest {

    private static final String FULLNAME = ChartRenderer.RELEASE + "-clay-enrichment";
    private static final Map<String, String> CLEANUP_POLICIES = Map.ofEntries(Map.entry("enrichment.requests", "delete"),
            Map.entry("enriched.contacts", "compact"), Map.entry("dlq.clay", "delete"),
            Map.entry("clay.outbound", "delete"), Map.entry("clay.outbound.urgent", "delete"),
            Map.entry("clay.outbound.backfill", "delete"), Map.entry("enrichment.budgets", "compact"),
            Map.entry("clay.url.submissions", "compact"), Map.entry("clay.receipts", "delete"),
            Map.entry("enrichment.budget-changes", "delete"), Map.entry("enrichment.workspace-grants", "delete"));

    @TempDir
    static Path scratch;

    private static ChartRenderer withHooks;

    @BeforeAll
    static void copyChartWithHooksVisible() {
        withHooks = ChartRenderer.chartWithHooksVisible(scratch);
    }

    @Test
    void theJobIsAHookThatTheRealChartKeepsOutOfTheRelease() {
        assertThat(ChartRenderer.chart().render(ciValues("minimal-values.yaml")).all(Job.class)).isEmpty();

        Job job = withHooks.render(ciValues("minimal-values.yaml")).one(Job.class, FULLNAME + "-topics");
        assertThat(job.getMetadata().getAnnotations())
                .containsEntry(ChartRenderer.RENAMED_HOOK_ANNOTATION, "pre-install,pre-upgrade")
                .containsEntry("helm.sh/hook-delete-policy", "before-hook-creation,hook-succeeded");
    }

    @Test
    void theJobRunsTheTopicProvisionerOfTheEnrichmentImageWithTheServicesSettings() {
        Rendered rendered = withHooks.render(ciValues("chart-secret-sasl-values.yaml"));
        Job job = rendered.one(Job.class, FULLNAME + "-topics");
        Container container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, String> env = rendered.effectiveEnv(container);

        assertThat(container.getImage()).isEqualTo("clay-enrichment/enrichment-service:0.1.0-SNAPSHOT");
        assertThat(container.getCommand()).containsSubsequence("java", "-cp", "@/app/jib-classpath-file",
                "io.clayenrichment.common.topics.TopicProvisionerMain");
        assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(env).containsEntry("KAFKA_BOOTSTRAP_SERVERS", "pkc-12345.europe-west1.gcp.confluent.cloud:9092")
                .containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL").containsEntry("KAFKA_SASL_MECHANISM", "PLAIN")
                .containsEntry("TOPIC_PARTITIONS", "6").containsEntry("TOPIC_REPLICATION_FACTOR", "-1")
                .containsKeys("TOPIC_REQUESTS", "TOPIC_RESULTS", "TOPIC_DEAD_LETTERS", "TOPIC_OUTBOUND", "TOPIC_BUDGETS",
                        "TOPIC_URL_SUBMISSIONS", "TOPIC_RECEIPTS", "TOPIC_BUDGET_CHANGES", "TOPIC_WORKSPACE_GRANTS")
                // before install the chart's Secret does not exist yet: the Job reads a hook-time copy
                .containsEntry("KAFKA_SASL_JAAS_CONFIG", "secret:" + FULLNAME + "-topics/KAFKA_SASL_JAAS_CONFIG");
    }

    @Test
    void theHookSecretHoldsOnlyKafkaCredentialsAndExistsBeforeTheJob() {
        Rendered rendered = withHooks.render(ciValues("chart-secret-sasl-values.yaml"));
        Secret secret = rendered.one(Secret.class, FULLNAME + "-topics");

        assertThat(secret.getData()).containsOnlyKeys("KAFKA_SASL_JAAS_CONFIG");
        assertThat(Integer.parseInt(secret.getMetadata().getAnnotations().get("helm.sh/hook-weight"))).isLessThan(
                Integer.parseInt(rendered.one(Job.class, FULLNAME + "-topics").getMetadata().getAnnotations()
                        .get("helm.sh/hook-weight")));
    }

    @Test
    void withAnExistingSecretTheJobReadsIt() {
        Rendered rendered = withHooks.render(ciValues("production-values.yaml"));
        Container container = rendered.one(Job.class, FULLNAME + "-topics").getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(rendered.find(Secret.class, FULLNAME + "-topics")).isEmpty();
        assertThat(rendered.effectiveEnv(container)).containsEntry("KAFKA_SASL_JAAS_CONFIG",
                "secret:clay-enrichment-credentials/KAFKA_SASL_JAAS_CONFIG")
                .containsEntry("KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/kafka/tls/ca.p12")
                .containsEntry("TOPIC_PARTITIONS", "12").containsEntry("TOPIC_REPLICATION_FACTOR", "3");
    }

    @Test
    void strimziTopicsReplaceTheJob() {
        Rendered rendered = withHooks.render(ciValues("strimzi-values.yaml"));
        List<GenericKubernetesResource> topics = rendered.custom("KafkaTopic");

        assertThat(rendered.all(Job.class)).isEmpty();
        Map<String, String> policies = topics.stream().collect(Collectors.toMap(t -> spec(t).get("topicName").toString(),
                t -> ((Map<?, ?>) spec(t).get("config")).get("cleanup.policy").toString()));
        assertThat(policies).isEqualTo(CLEANUP_POLICIES);
        assertThat(topics).allSatisfy(topic -> {
            assertThat(topic.getApiVersion()).isEqualTo("kafka.strimzi.io/v1beta2");
            assertThat(topic.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "my-cluster");
            assertThat(topic.getMetadata().getNamespace()).isEqualTo("kafka");
            assertThat(topic.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
            assertThat(spec(topic)).containsEntry("partitions", isBudgetChanges(topic) ? 1 : 6).containsEntry("replicas", 3);
            assertThat(((Map<?, ?>) spec(topic).get("config")).get("min.insync.replicas")).isEqualTo("2");
        });
    }

    @Test
    void aRenamedReceiptsTopicReachesTheEnrichmentPodsTheJobAndTheKafkaTopics() {
        Map<String, Object> renamed = Map.of("topics.receipts", "eu.clay.receipts");
        Rendered withJob = withHooks.render(renamed, ciValues("minimal-values.yaml"));
        Container job = withJob.one(Job.class, FULLNAME + "-topics").getSpec().getTemplate().getSpec().getContainers().get(0);
        Container enrichment = withJob.workload("enrichment").getSpec().getContainers().get(0);

        assertThat(withJob.effectiveEnv(job)).containsEntry("TOPIC_RECEIPTS", "eu.clay.receipts");
        assertThat(withJob.effectiveEnv(enrichment)).containsEntry("TOPIC_RECEIPTS", "eu.clay.receipts");
        assertThat(withHooks.render(renamed, ciValues("strimzi-values.yaml")).custom("KafkaTopic"))
                .filteredOn(topic -> spec(topic).get("topicName").equals("eu.clay.receipts")).singleElement()
                .satisfies(topic -> {
                    assertThat(topic.getMetadata().getName()).isEqualTo("eu.clay.receipts");
                    assertThat(((Map<?, ?>) spec(topic).get("config")).get("cleanup.policy")).isEqualTo("delete");
                    assertThat(spec(topic)).containsEntry("partitions", 6);
                });
    }

    @Test
    void budgetChangesHaveOnePartitionAndTheServicesRetentionInTheKafkaTopicAndTheJob() throws Exception {
        Map<String, Object> renamed = Map.of("topics.budgetChanges", "eu.budget-changes", "topics.partitions", 12);
        GenericKubernetesResource topic = withHooks.render(renamed, ciValues("strimzi-values.yaml")).custom("KafkaTopic")
                .stream().filter(t -> spec(t).get("topicName").equals("eu.budget-changes")).findFirst().orElseThrow();
        Rendered withJob = withHooks.render(renamed, ciValues("minimal-values.yaml"));
        Container job = withJob.one(Job.class, FULLNAME + "-topics").getSpec().getTemplate().getSpec().getContainers().get(0);
        Container enrichment = withJob.workload("enrichment").getSpec().getContainers().get(0);
        NewTopic created = wanted(withJob.effectiveEnv(job)).stream()
                .filter(t -> t.name().equals("eu.budget-changes")).findFirst().orElseThrow();

        assertThat(spec(topic)).containsEntry("partitions", 1);
        assertThat(((Map<?, ?>) spec(topic).get("config")).get("retention.ms"))
                .isEqualTo(created.configs().get("retention.ms"))
                .isEqualTo(Long.toString(Topics.BUDGET_CHANGES_RETENTION.toMillis()));
        assertThat(created.numPartitions()).isEqualTo(1);
        assertThat(withJob.effectiveEnv(enrichment)).containsEntry("TOPIC_BUDGET_CHANGES", "eu.budget-changes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "clay receipts", "clay/receipts"})
    void schemaRejectsAReceiptsTopicKafkaWouldRefuse(String name) {
        assertThatThrownBy(() -> ChartRenderer.chart().render(Map.of("topics.receipts", name), ciValues("minimal-values.yaml")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("topics.receipts");
    }

    /**
     * The Job runs common's TopicProvisionerMain with the env the chart gives it: it must create every
     * topic the chart lists (the KafkaTopics), so that no service creates one first with a layout of
     * its own.
     */
    @Test
    void theJobsProvisionerCreatesEveryTopicTheChartLists() throws Exception {
        Container job = withHooks.render(ciValues("minimal-values.yaml")).one(Job.class, FULLNAME + "-topics")
                .getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, String> env = withHooks.render(ciValues("minimal-values.yaml")).effectiveEnv(job);
        List<NewTopic> created = wanted(env);
        assertThat(created).extracting(NewTopic::name).containsExactlyInAnyOrderElementsOf(CLEANUP_POLICIES.keySet());
        assertThat(created).allSatisfy(topic -> assertThat(topic.configs().getOrDefault("cleanup.policy", "delete"))
                .as(topic.name()).isEqualTo(CLEANUP_POLICIES.get(topic.name())));
    }

    /**
     * The chart's topic list ({@code _topics.tpl}, rendered as KafkaTopics) is the registry's: every
     * topic {@link Topics} says the Job creates, with its spec's cleanup policy, partitions and
     * retention, and the Job is given every one of their settings.
     */
    @Test
    void theChartListsEveryTopicTheRegistryProvisionsWithItsLayout() {
        List<TopicSpec> provisioned = Topics.ALL.stream().filter(TopicSpec::provisioned).toList();
        Map<String, Map<String, Object>> listed = withHooks.render(ciValues("strimzi-values.yaml")).custom("KafkaTopic")
                .stream().collect(Collectors.toMap(t -> spec(t).get("topicName").toString(), TopicsTest::spec));
        Rendered withJob = withHooks.render(ciValues("minimal-values.yaml"));
        Container job = withJob.one(Job.class, FULLNAME + "-topics").getSpec().getTemplate().getSpec()
                .getContainers().get(0);

        assertThat(listed.keySet()).containsExactlyInAnyOrderElementsOf(
                provisioned.stream().map(TopicSpec::defaultName).toList());
        assertThat(provisioned).allSatisfy(topic -> {
            Map<String, Object> spec = listed.get(topic.defaultName());
            Map<?, ?> config = (Map<?, ?>) spec.get("config");
            assertThat(spec.get("partitions")).as(topic.defaultName())
                    .isEqualTo(topic.partitions() == TopicSpec.Partitions.ONE ? 1 : 6);
            assertThat(config.get("cleanup.policy")).as(topic.defaultName())
                    .isEqualTo(topic.configs().get("cleanup.policy"));
            // these values set no cluster-wide retention: a topic has one only when its spec has
            assertThat(config.get("retention.ms")).as(topic.defaultName())
                    .isEqualTo(topic.configs().get("retention.ms"));
        });
        assertThat(withJob.effectiveEnv(job)).containsKeys(provisioned.stream().map(TopicSpec::setting)
                .toArray(String[]::new));
    }

    /** What the Job's TopicProvisionerMain creates with {@code env}. */
    @SuppressWarnings("unchecked")
    private static List<NewTopic> wanted(Map<String, String> env) throws Exception {
        Method wanted = TopicProvisionerMain.class.getDeclaredMethod("wanted", Env.class);
        wanted.setAccessible(true);
        return (List<NewTopic>) wanted.invoke(null, new Env(env));
    }

    private static boolean isBudgetChanges(GenericKubernetesResource topic) {
        return spec(topic).get("topicName").equals("enrichment.budget-changes");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource resource) {
        return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
    }
}
