package io.clayenrichment.local;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.config.KafkaSettings;
import io.clayenrichment.common.kafka.KafkaBrokerProcess;
import io.clayenrichment.common.topics.TopicProvisioner;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Starts the platform's pieces in order and stops them in reverse, each as its own process. */
final class LocalStack implements AutoCloseable {

    private final LocalStackSettings settings;
    private final PrintStream out;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    LocalStack(LocalStackSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    KafkaBrokerProcess startKafka() throws IOException, InterruptedException {
        requireFreePort(settings.kafkaPort(), "LOCAL_KAFKA_PORT");
        requireFreePort(settings.kafkaControllerPort(), "LOCAL_KAFKA_CONTROLLER_PORT");
        KafkaBrokerProcess broker = LocalKafka.broker(settings);
        out.printf("starting Kafka (KRaft, single node) on %s, data in %s ...%n", broker.bootstrapServers(),
                broker.dataDir());
        long startedAt = System.nanoTime();
        broker.start(Duration.ofSeconds(90));
        started.push(broker);
        out.printf("Kafka ready in %.1f s (log: %s)%n", (System.nanoTime() - startedAt) / 1e9, broker.logFile());
        return broker;
    }

    ServiceProcess startSandbox() throws IOException, InterruptedException {
        requireFreePort(settings.sandboxPort(), "LOCAL_SANDBOX_PORT");
        Map<String, String> env = new HashMap<>();
        env.put("SANDBOX_PORT", Integer.toString(settings.sandboxPort()));
        env.put("SANDBOX_HOST", "127.0.0.1");
        env.put("SANDBOX_WEBHOOK_TOKEN", LocalStackSettings.SANDBOX_TOKEN);
        env.put("SANDBOX_CALLBACK_URL", settings.url(settings.receiverPort()) + "/clay-webhook");
        env.put("SANDBOX_CALLBACK_SECRET", settings.callbackSecret());
        // the sandbox remembers each URL's lifetime submissions, as Clay does
        env.put("SANDBOX_STATE_FILE", settings.dataDir().resolve("sandbox-state.json").toString());
        return startService(new ServiceProcess("clay-sandbox", settings.jar("deploy/clay-sandbox"), env,
                URI.create(settings.url(settings.sandboxPort()) + "/health/ready"),
                settings.logDir().resolve("clay-sandbox.log")));
    }

    ServiceProcess startReceiver() throws IOException, InterruptedException {
        requireFreePort(settings.receiverPort(), "LOCAL_RECEIVER_PORT");
        Map<String, String> env = kafkaEnv();
        env.put("HTTP_PORT", Integer.toString(settings.receiverPort()));
        env.put("CALLBACK_SECRETS", settings.callbackSecret());
        env.put("INTAKE_TOKENS", settings.intakeToken());
        return startService(new ServiceProcess("webhook-receiver", settings.jar("webhook-receiver"), env,
                URI.create(settings.url(settings.receiverPort()) + "/health/ready"),
                settings.logDir().resolve("webhook-receiver.log")));
    }

    ServiceProcess startEnrichment(List<String> clayUrls, String clayToken) throws IOException, InterruptedException {
        requireFreePort(settings.enrichmentPort(), "LOCAL_ENRICHMENT_PORT");
        Map<String, String> env = kafkaEnv();
        env.put("HTTP_PORT", Integer.toString(settings.enrichmentPort()));
        env.put("CLAY_WEBHOOK_URLS", String.join(",", clayUrls));
        env.put("CLAY_WEBHOOK_AUTH_TOKEN", clayToken);
        env.put("CREDIT_BUDGETS", settings.creditBudgets());
        env.put("OPERATOR_TOKEN", settings.operatorToken());
        env.put("INTAKE_TOKENS", settings.intakeToken());
        env.put("STATE_DIR", settings.dataDir().resolve("enrichment-state").toString());
        return startService(new ServiceProcess("enrichment-service", settings.jar("enrichment-service"), env,
                URI.create(settings.url(settings.enrichmentPort()) + "/health/ready"),
                settings.logDir().resolve("enrichment-service.log")));
    }

    /** The platform's topics, created as the Helm chart's Job does, before any service starts. */
    void createTopics() throws Exception {
        Env env = new Env(kafkaEnv());
        TopicProvisioner.ensure(KafkaSettings.fromEnv(env).toProperties(), TopicProvisioner.provisionedTopics(env));
    }

    private Map<String, String> kafkaEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", settings.bootstrapServers());
        // one broker: replication factor 1 for the topics the services create
        env.put("TOPIC_REPLICATION_FACTOR", "1");
        env.put("TOPIC_PARTITIONS", "3");
        return env;
    }

    private ServiceProcess startService(ServiceProcess service) throws IOException, InterruptedException {
        out.printf("starting %s ...%n", service.name());
        started.push(service);
        service.start(Duration.ofSeconds(90));
        out.printf("%s ready (log: %s)%n", service.name(), service.logFile());
        return service;
    }

    private static void requireFreePort(int port, String setting) throws IOException {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new IOException("port " + port + " on 127.0.0.1 is in use (is a local stack already running?);"
                    + " stop what uses it or set " + setting + " to another port");
        }
    }

    /** Stops everything started, last first, so services drain before Kafka goes. */
    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable component = started.pop();
            try {
                component.close();
            } catch (Exception e) {
                out.println("while stopping: " + e.getMessage());
            }
        }
    }
}
