package io.clayenrichment.local.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.config.KafkaSettings;
import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.testing.IsolatedEnv;
import io.clayenrichment.common.testing.SecuredTestKafka;
import io.clayenrichment.common.testing.TestKafka;
import io.clayenrichment.common.topics.TopicProvisionerMain;
import io.clayenrichment.common.topics.Topics;
import io.clayenrichment.enrichment.EnrichmentService;
import io.clayenrichment.enrichment.EnrichmentSettings;
import io.clayenrichment.enrichment.dispatch.ClayDispatcher;
import io.clayenrichment.enrichment.dispatch.DispatcherSettings;
import io.clayenrichment.enrichment.replay.ReplayCommand;
import io.clayenrichment.local.e2e.Platform;
import io.clayenrichment.receiver.ReceiverSettings;
import io.clayenrichment.receiver.WebhookReceiver;
import io.clayenrichment.sandbox.ClaySandbox;
import io.clayenrichment.sandbox.SandboxSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The documented ACLs on a broker that enforces them: each service runs as its own principal with only
 * its bindings of {@link PlatformAcls}, and a request goes from the receiver's intake through the
 * topology and the dispatcher to the Clay sandbox and back through the receiver's callback to a result.
 * Taking one binding away (the dispatcher's Read on the outbound topic) stops the dispatcher with an
 * authorization error, so the table is not merely enough but needed there.
 */
class PlatformAclsOnSecuredBrokerTest {

    private static final String CALLBACK_SECRET = "acl-callback-secret";
    private static final String WEBHOOK_TOKEN = "acl-webhook-token";
    private static final String INTAKE_TOKEN = "acl-intake-token";
    private static SecuredTestKafka kafka;

    @BeforeAll
    static void startSecuredBroker() {
        kafka = SecuredTestKafka.start(Arrays.stream(Principal.values()).map(p -> p.user).toList());
    }

    @AfterAll
    static void stopSecuredBroker() throws Exception {
        kafka.close();
    }

    @Test
    void aRequestFlowsEndToEndWithOnlyTheDocumentedAcls() throws Exception {
        Map<String, String> names = names("acl-flow");
        grant(PlatformAcls.of(PlatformNames.fromEnv(names)));
        assertThat(TopicProvisionerMain.run(new Env(env(Principal.TOPIC_PROVISIONER, names)))).isZero();

        Map<String, String> receiverEnv = env(Principal.WEBHOOK_RECEIVER, names);
        receiverEnv.put("CALLBACK_SECRETS", CALLBACK_SECRET);
        receiverEnv.put("INTAKE_TOKENS", INTAKE_TOKEN);
        try (WebhookReceiver receiver = WebhookReceiver.start(ReceiverSettings.fromEnv(new Env(receiverEnv)));
                ClaySandbox clay = ClaySandbox.start(SandboxSettings.builder().host("127.0.0.1").port(0)
                        .sources(List.of("table-1")).webhookToken(WEBHOOK_TOKEN)
                        .callbackUrl(URI.create("http://127.0.0.1:" + receiver.port() + "/clay-webhook"))
                        .callbackSecret(CALLBACK_SECRET).enrichDelay(Duration.ofMillis(50), Duration.ofMillis(50))
                        .seed(20261127L).build());
                EnrichmentService enrichment = EnrichmentService.start(EnrichmentSettings.fromEnv(
                        new Env(enrichmentEnv(names, clay))))) {
            await("enrichment service ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> Platform.get(enrichment.httpPort(), "/health/ready").statusCode() == 200);

            var accepted = Platform.post(receiver.port(), "/v1/requests",
                    "[{\"request_id\":\"acl-1\",\"tenant\":\"acme\",\"email\":\"ada@example.com\"}]", INTAKE_TOKEN);
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

            EnrichmentResult result = awaitResult(Topics.fromEnv(new Env(names)).results().name(), "acl-1");
            assertThat(result.source().wire()).isEqualTo("clay");
        }

        // With an empty dead-letter topic the replay still creates its ledger and starts its transactions.
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int replayed = ReplayCommand.run(List.of("dlq", "replay"), new Env(env(Principal.DLQ_REPLAY, names)),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8), false);
        assertThat(replayed).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(ReplayCommand.OK);
    }

    @Test
    void withoutReadOnTheOutboundTopicTheDispatcherIsRefused() throws Exception {
        Map<String, String> names = names("acl-no-read");
        PlatformNames platform = PlatformNames.fromEnv(names);
        List<PlatformAcl> acls = new ArrayList<>(PlatformAcls.of(platform));
        assertThat(acls.removeIf(acl -> acl.principal() == Principal.ENRICHMENT_SERVICE
                && acl.resource().name().equals(platform.outbound()) && acl.operation() == AclOperation.READ))
                .as("the table has the dispatcher's Read on the outbound topic").isTrue();
        grant(acls);
        assertThat(TopicProvisionerMain.run(new Env(env(Principal.TOPIC_PROVISIONER, names)))).isZero();

        Map<String, String> serviceEnv = env(Principal.ENRICHMENT_SERVICE, names);
        serviceEnv.put("CLAY_WEBHOOK_URLS", "http://127.0.0.1:9/never-called");
        Env env = new Env(serviceEnv);
        try (ClayDispatcher dispatcher = new ClayDispatcher(DispatcherSettings.fromEnv(env), Topics.fromEnv(env),
                KafkaSettings.fromEnv(env).toProperties(), new SimpleMeterRegistry())) {
            dispatcher.start();
            await("the dispatcher gives up").atMost(Duration.ofSeconds(30))
                    .until(() -> dispatcher.state() == ClayDispatcher.State.FAILED);
            assertThat(dispatcher.health().detail()).contains("TopicAuthorizationException", platform.outbound());
        }
    }

    private static Map<String, String> names(String prefix) {
        Map<String, String> names = IsolatedEnv.named(prefix, kafka.bootstrapServers());
        names.put("TOPIC_PARTITIONS", "2");
        // The isolated topic names start with the run's name: an application id of that name would make the
        // prefixed internal-topic ACL cover every topic, and the literal bindings would go untested.
        names.put("APPLICATION_ID", TestKafka.uniqueName("streams"));
        return names;
    }

    private static Map<String, String> env(Principal principal, Map<String, String> names) {
        Map<String, String> env = new HashMap<>(names);
        env.putAll(kafka.clientEnv(principal.user));
        return env;
    }

    private static Map<String, String> enrichmentEnv(Map<String, String> names, ClaySandbox clay) {
        Map<String, String> env = env(Principal.ENRICHMENT_SERVICE, names);
        env.put("CLAY_WEBHOOK_URLS", clay.webhookUrl("table-1").toString());
        env.put("CLAY_WEBHOOK_AUTH_TOKEN", WEBHOOK_TOKEN);
        // The synchronous API reads the outcome topics: its bindings are exercised too.
        env.put("INTAKE_TOKENS", INTAKE_TOKEN);
        env.putAll(Platform.quickTimings());
        return env;
    }

    private static void grant(List<PlatformAcl> acls) throws Exception {
        try (Admin admin = kafka.superAdmin()) {
            admin.createAcls(acls.stream().map(PlatformAcl::toBinding).toList()).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static EnrichmentResult awaitResult(String topic, String requestId) {
        Properties props = kafka.clientProperties(SecuredTestKafka.SUPER_USER);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "acl-test-results");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<EnrichmentResult> seen = new ArrayList<>();
            await("a result for " + requestId).atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(
                        record -> seen.add(Json.read(record.value(), EnrichmentResult.class)));
                return seen.stream().anyMatch(result -> requestId.equals(result.requestId()));
            });
            return seen.stream().filter(result -> requestId.equals(result.requestId())).findFirst().orElseThrow();
        }
    }
}
