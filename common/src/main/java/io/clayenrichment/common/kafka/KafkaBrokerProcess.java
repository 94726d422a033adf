package io.clayenrichment.common.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node KRaft Apache Kafka broker run as its own process from the jars of a
 * classpath (Maven Central's {@code kafka_2.13} and its dependencies). Its data lives under one
 * folder, so a second start reuses the topics and offsets of the first. The local stack runs the
 * platform on it, and tests that must stop and restart a broker use it too.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    private final String classpath;
    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final List<String> jvmOptions;
    private final Map<String, String> overrides;
    private Process process;

    private KafkaBrokerProcess(Builder builder) {
        this.classpath = builder.classpath;
        this.dataDir = builder.dataDir.toAbsolutePath();
        this.port = builder.port;
        this.controllerPort = builder.controllerPort;
        this.jvmOptions = List.copyOf(builder.jvmOptions);
        this.overrides = Map.copyOf(builder.overrides);
    }

    public static Builder builder(String classpath, Path dataDir) {
        return new Builder(classpath, dataDir);
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return dataDir.resolve("broker.log");
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Formats the storage on first use, starts the broker and returns once it answers a metadata request. */
    public synchronized KafkaBrokerProcess start(Duration readyWithin) throws IOException, InterruptedException {
        if (isRunning()) {
            return this;
        }
        Files.createDirectories(dataDir);
        Path config = writeConfig();
        formatStorageOnce(config);
        List<String> command = javaCommand("kafka.Kafka", config.toString());
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                .start();
        awaitReady(readyWithin);
        return this;
    }

    /** Stops the broker the way Ctrl-C or Kubernetes would (SIGTERM), and waits for it to exit. */
    public synchronized void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        process = null;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private Path writeConfig() throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("process.roles", "broker,controller");
        settings.put("node.id", "1");
        settings.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        settings.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        settings.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        settings.put("controller.listener.names", "CONTROLLER");
        settings.put("inter.broker.listener.name", "PLAINTEXT");
        settings.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        settings.put("log.dirs", dataDir.resolve("logs").toString());
        // One node: every internal topic must have replication factor 1, or groups and transactions hang.
        settings.put("offsets.topic.replication.factor", "1");
        settings.put("offsets.topic.num.partitions", "5");
        settings.put("transaction.state.log.replication.factor", "1");
        settings.put("transaction.state.log.min.isr", "1");
        settings.put("transaction.state.log.num.partitions", "5");
        settings.put("share.coordinator.state.topic.replication.factor", "1");
        settings.put("share.coordinator.state.topic.min.isr", "1");
        // The 128 MiB default is allocated on heap and kills a small broker at start.
        settings.put("log.cleaner.dedupe.buffer.size", "16777216");
        settings.put("group.initial.rebalance.delay.ms", "0");
        settings.put("num.partitions", "1");
        settings.putAll(overrides);
        Path config = dataDir.resolve("server.properties");
        Properties properties = new Properties();
        properties.putAll(settings);
        try (var out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            properties.store(out, "written by KafkaBrokerProcess at every start; edit the code, not this file");
        }
        return config;
    }

    private void formatStorageOnce(Path config) throws IOException, InterruptedException {
        Path clusterIdFile = dataDir.resolve("cluster.id");
        if (!Files.exists(clusterIdFile)) {
            Files.writeString(clusterIdFile, Uuid.randomUuid().toString());
        }
        String clusterId = Files.readString(clusterIdFile).strip();
        Process format = new ProcessBuilder(javaCommand("kafka.tools.StorageTool", "format", "-t", clusterId,
                "-c", config.toString(), "--ignore-formatted"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                .start();
        if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0) {
            format.destroyForcibly();
            throw new IOException("formatting Kafka storage in " + dataDir + " failed; see " + logFile() + ":\n"
                    + tailOfLog());
        }
    }

    private List<String> javaCommand(String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }

    private void awaitReady(Duration within) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(within);
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        try (Admin admin = Admin.create(props)) {
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new IOException("Kafka broker exited with code " + process.exitValue() + "; see "
                            + logFile() + ":\n" + tailOfLog());
                }
                try {
                    if (!admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000)).nodes()
                            .get(3, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception notYet) {
                    Thread.sleep(200);
                }
            }
        }
        stop();
        throw new IOException("Kafka broker did not become ready within " + within + "; see " + logFile() + ":\n"
                + tailOfLog());
    }

    private String tailOfLog() {
        try {
            List<String> lines = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** A free TCP port on the loopback interface, for brokers started by tests. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static final class Builder {
        private final String classpath;
        private final Path dataDir;
        private int port = 9092;
        private int controllerPort = 9093;
        private final List<String> jvmOptions = new ArrayList<>(List.of("-Xmx512m", "-XX:+UseG1GC"));
        private final Map<String, String> overrides = new LinkedHashMap<>();

        private Builder(String classpath, Path dataDir) {
            this.classpath = classpath;
            this.dataDir = dataDir;
        }

        public Builder ports(int port, int controllerPort) {
            this.port = port;
            this.controllerPort = controllerPort;
            return this;
        }

        public Builder jvmOption(String option) {
            jvmOptions.add(option);
            return this;
        }

        public Builder brokerSetting(String name, String value) {
            overrides.put(name, value);
            return this;
        }

        public KafkaBrokerProcess build() {
            return new KafkaBrokerProcess(this);
        }
    }
}
