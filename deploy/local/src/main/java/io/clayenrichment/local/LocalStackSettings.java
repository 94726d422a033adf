package io.clayenrichment.local;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.config.SettingsException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/**
 * Settings of the local stack, from environment variables. Everything it starts listens on
 * 127.0.0.1 only. With {@code CLAY_WEBHOOK_URLS} set, the platform talks to those Clay tables and
 * no sandbox is started.
 *
 * @param demoCount {@code LOCAL_DEMO_COUNT} as the user set it, empty when unset: {@link DemoPlan} decides
 *                  what an unset count means
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
        OptionalInt demoCount,
        Path demoFile) {

    static final String SANDBOX_TOKEN = "local-sandbox-token";
    static final String DEMO_COUNT = "LOCAL_DEMO_COUNT";

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
                demoCount(env),
                demoFile);
    }

    private static OptionalInt demoCount(Env env) {
        if (!env.isSet(DEMO_COUNT)) {
            return OptionalInt.empty();
        }
        int count = env.integer(DEMO_COUNT, 0);
        if (count < 0) {
            throw new SettingsException(DEMO_COUNT + "=" + count + " is invalid: expected 0 or more requests");
        }
        return OptionalInt.of(count);
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
