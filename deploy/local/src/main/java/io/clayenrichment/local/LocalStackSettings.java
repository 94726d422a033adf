package io.clayenrichment.local;

import io.clayenrichment.common.config.Env;
import java.nio.file.Path;
import java.util.List;

/**
 * Settings of the local stack, from environment variables. Everything it starts listens on
 * 127.0.0.1 only. With {@code CLAY_WEBHOOK_URLS} set, the platform talks to those Clay tables and
 * no sandbox is started.
 */
record LocalStackSettings(
        Path root,
        Path dataDir,
        int kafkaPort,
        int kafkaControllerPort,
        int receiverPort,
        int enrichmentPort,
        int sandboxPort,
        String callbackSecret,
        String operatorToken,
        String intakeToken,
        List<String> realClayUrls,
        String realClayToken,
        String creditBudgets,
        int demoCount,
        Path demoFile) {

    static final String SANDBOX_TOKEN = "local-sandbox-token";

    static LocalStackSettings fromEnv(Env env, Path root, Path demoFile) {
        return new LocalStackSettings(
                root,
                root.resolve(env.string("LOCAL_DATA_DIR", ".local")),
                env.positiveInteger("LOCAL_KAFKA_PORT", 9092),
                env.positiveInteger("LOCAL_KAFKA_CONTROLLER_PORT", 9093),
                env.positiveInteger("LOCAL_RECEIVER_PORT", 8080),
                env.positiveInteger("LOCAL_ENRICHMENT_PORT", 8081),
                env.positiveInteger("LOCAL_SANDBOX_PORT", 8090),
                env.string("LOCAL_CALLBACK_SECRET", "local-dev-secret"),
                env.string("LOCAL_OPERATOR_TOKEN", "local-operator-token"),
                env.string("LOCAL_INTAKE_TOKEN", "local-intake-token"),
                env.list("CLAY_WEBHOOK_URLS"),
                env.string("CLAY_WEBHOOK_AUTH_TOKEN", ""),
                env.string("CREDIT_BUDGETS", DemoBatch.SMALL_TENANT + ":25:500"),
                env.integer("LOCAL_DEMO_COUNT", 300),
                demoFile);
    }

    boolean usesSandbox() {
        return realClayUrls.isEmpty();
    }

    String bootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    String url(int port) {
        return "http://127.0.0.1:" + port;
    }

    Path logDir() {
        return dataDir.resolve("logs");
    }

    /** The runnable jar of a module: {@code <module>/target/<name>.jar}. */
    Path jar(String module) {
        Path dir = root.resolve(module);
        return dir.resolve("target").resolve(dir.getFileName() + ".jar");
    }
}
