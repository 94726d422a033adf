package io.clayenrichment.local.e2e;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.config.KafkaSettings;
import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.testing.IsolatedEnv;
import io.clayenrichment.common.testing.TestKafka;
import io.clayenrichment.common.topics.TopicLayout;
import io.clayenrichment.common.topics.TopicProvisioner;
import io.clayenrichment.common.topics.Topics;
import io.clayenrichment.enrichment.EnrichmentService;
import io.clayenrichment.enrichment.EnrichmentSettings;
import io.clayenrichment.receiver.ReceiverSettings;
import io.clayenrichment.receiver.WebhookReceiver;
import io.clayenrichment.sandbox.ClaySandbox;
import io.clayenrichment.sandbox.SandboxSettings;
import io.clayenrichment.sandbox.WorkspaceSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The whole platform in one JVM, wired as in production but for ports: the webhook receiver, the Clay
 * sandbox calling it back, and the enrichment service (topology and dispatcher) sending to the sandbox,
 * all on the real test broker with topics of their own.
 */
public final class Platform implements AutoCloseable {

    public static final String CALLBACK_SECRET = "e2e-callback-secret";
    public static final String WEBHOOK_TOKEN = "e2e-webhook-token";
    /** Reads budgets and contacts (every tenant) and changes budgets on the enrichment service. */
    public static final String OPERATOR_TOKEN = "e2e-operator-token";
    public static final String REQUEST_ID_HEADER = "e2e.request_id";
    /** Partitions of every platform topic. */
    public static final int PARTITIONS = 3;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public final Map<String, String> env;
    public final Topics topics;
    public final WebhookReceiver receiver;
    public final ClaySandbox sandbox;
    public final EnrichmentService enrichment;
    private final KafkaProducer<byte[], byte[]> producer;

    private Platform(Map<String, String> env, WebhookReceiver receiver, ClaySandbox sandbox,
            EnrichmentService enrichment) {
        this.env = env;
        this.topics = Topics.fromEnv(new Env(env));
        this.receiver = receiver;
        this.sandbox = sandbox;
        this.enrichment = enrichment;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * Starts the platform. {@code settings} are the services' environment variables on top of the
     * test's defaults; {@code sandbox} adjusts the sandbox (delays, caps, faults).
     */
    public static Platform start(Map<String, String> settings, UnaryOperator<SandboxSettings.Builder> sandboxSettings,
            List<String> sources) throws Exception {
        Map<String, String> env = baseEnv();
        env.putAll(settings);
        TopicProvisioner.ensure(KafkaSettings.fromEnv(new Env(env)).toProperties(),
                TopicProvisioner.platformTopics(Topics.fromEnv(new Env(env)), TopicLayout.fromEnv(new Env(env))));

        WebhookReceiver receiver = WebhookReceiver.start(ReceiverSettings.fromEnv(new Env(env)));
        ClaySandbox sandbox = null;
        try {
            SandboxSettings clayPlays = sandboxSettings.apply(SandboxSettings.builder()
                    .host("127.0.0.1")
                    .port(0)
                    .sources(sources)
                    .webhookToken(WEBHOOK_TOKEN)
                    .callbackUrl(URI.create("http://127.0.0.1:" + receiver.port() + "/clay-webhook"))
                    .callbackSecret(CALLBACK_SECRET)
                    .enrichDelay(Duration.ofMillis(200), Duration.ofMillis(200))
                    .seed(20261127L)).build();
            sandbox = ClaySandbox.start(clayPlays);
            Map<String, String> enrichmentEnv = new HashMap<>(env);
            ClaySandbox clay = sandbox;
            enrichmentEnv.put("CLAY_WEBHOOK_URLS", String.join(",",
                    sources.stream().map(id -> clay.webhookUrl(id).toString()).toList()));
            enrichmentEnv.put("CLAY_WEBHOOK_AUTH_TOKEN", WEBHOOK_TOKEN);
            connectWorkspaces(enrichmentEnv, clayPlays.workspaces(), clay);
            EnrichmentService enrichment = EnrichmentService.start(EnrichmentSettings.fromEnv(new Env(enrichmentEnv)));
            Platform platform = new Platform(enrichmentEnv, receiver, sandbox, enrichment);
            platform.awaitReady();
            return platform;
        } catch (Exception | Error e) {
            if (sandbox != null) {
                sandbox.close();
            }
            receiver.close();
            throw e;
        }
    }

    /**
     * The dispatcher's side of each further workspace the sandbox plays: its URLs and token, and its
     * rate limit unless the test set one.
     */
    private static void connectWorkspaces(Map<String, String> env, List<WorkspaceSettings> workspaces,
            ClaySandbox clay) {
        if (workspaces.isEmpty()) {
            return;
        }
        env.put("CLAY_WORKSPACES", String.join(",", workspaces.stream().map(WorkspaceSettings::name).toList()));
        for (WorkspaceSettings workspace : workspaces) {
            String prefix = "CLAY_WORKSPACE_" + workspace.name().toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_";
            env.put(prefix + "WEBHOOK_URLS", String.join(",",
                    workspace.sources().stream().map(id -> clay.webhookUrl(id).toString()).toList()));
            env.put(prefix + "WEBHOOK_AUTH_TOKEN", workspace.webhookToken());
            env.putIfAbsent(prefix + "RATE_LIMIT_PER_SECOND", Double.toString(workspace.rateLimitPerSecond()));
            env.putIfAbsent(prefix + "RATE_LIMIT_BURST", Integer.toString(workspace.rateLimitBurst()));
        }
    }

    private static Map<String, String> baseEnv() {
        Map<String, String> env = IsolatedEnv.named("e2e");
        env.put("TOPIC_PARTITIONS", Integer.toString(PARTITIONS));
        env.put("CALLBACK_SECRETS", CALLBACK_SECRET);
        env.put("OPERATOR_TOKEN", OPERATOR_TOKEN);
        env.putAll(quickTimings());
        return env;
    }

    /** Short shutdowns, punctuations and commits, so a test neither waits for the defaults nor for results. */
    public static Map<String, String> quickTimings() {
        return Map.of("SHUTDOWN_GRACE", "PT2S", "SHUTDOWN_TIMEOUT", "PT10S", "DISPATCHER_SHUTDOWN_GRACE", "PT2S",
                "PUNCTUATE_INTERVAL", "PT0.5S", "KAFKA_COMMIT_INTERVAL_MS", "100");
    }

    private void awaitReady() {
        org.awaitility.Awaitility.await("enrichment service ready").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> get(enrichment.httpPort(), "/health/ready").statusCode() == 200);
    }

    /** Produces each value as a request, with a header naming its request id (dead letters keep headers). */
    public void produce(Map<String, byte[]> requestsById) throws Exception {
        for (var request : requestsById.entrySet()) {
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topics.requests().name(), null,
                    request.getValue());
            record.headers().add(REQUEST_ID_HEADER, request.getKey().getBytes(StandardCharsets.UTF_8));
            producer.send(record);
        }
        producer.flush();
    }

    public static byte[] request(String requestId, String tenant, String email) {
        return Json.write(Map.of("request_id", requestId, "tenant", tenant, "email", email));
    }

    public static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A read of tenant data (budgets, contacts) on the enrichment service, with the operator token. */
    public HttpResponse<String> read(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + enrichment.httpPort() + path))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + env.get("OPERATOR_TOKEN"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public static HttpResponse<String> post(int port, String path, String json, String bearerToken) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(90)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + bearerToken)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The enrichment service's budget view of a tenant (GET /v1/budgets/{tenant}). */
    public com.fasterxml.jackson.databind.JsonNode budget(String tenant) throws Exception {
        return Json.mapper().readTree(read("/v1/budgets/" + tenant).body());
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        enrichment.close();
        sandbox.close();
        receiver.close();
    }
}
