package io.clayenrichment.local;

import io.clayenrichment.common.kafka.KafkaBrokerProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
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

    ServiceProcess startReceiver() throws IOException, InterruptedException {
        requireFreePort(settings.receiverPort(), "LOCAL_RECEIVER_PORT");
        ServiceProcess receiver = new ServiceProcess("webhook-receiver", settings.jar("webhook-receiver"),
                Map.of("KAFKA_BOOTSTRAP_SERVERS", settings.bootstrapServers(),
                        "HTTP_PORT", Integer.toString(settings.receiverPort()),
                        "CALLBACK_SECRETS", settings.callbackSecret()),
                URI.create("http://127.0.0.1:" + settings.receiverPort() + "/health/ready"),
                settings.logDir().resolve("webhook-receiver.log"));
        return startService(receiver);
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
