package io.clayenrichment.local;

import io.clayenrichment.common.config.Env;
import java.nio.file.Path;

/**
 * Settings of the local stack, from environment variables. Everything it starts listens on
 * 127.0.0.1 only.
 */
record LocalStackSettings(
        Path root,
        Path dataDir,
        int kafkaPort,
        int kafkaControllerPort,
        int receiverPort,
        String callbackSecret) {

    static LocalStackSettings fromEnv(Env env, Path root) {
        Path dataDir = root.resolve(env.string("LOCAL_DATA_DIR", ".local"));
        return new LocalStackSettings(
                root,
                dataDir,
                env.positiveInteger("LOCAL_KAFKA_PORT", 9092),
                env.positiveInteger("LOCAL_KAFKA_CONTROLLER_PORT", 9093),
                env.positiveInteger("LOCAL_RECEIVER_PORT", 8080),
                env.string("LOCAL_CALLBACK_SECRET", "local-dev-secret"));
    }

    String bootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    Path logDir() {
        return dataDir.resolve("logs");
    }

    Path jar(String module) {
        return root.resolve(module).resolve("target").resolve(module + ".jar");
    }
}
