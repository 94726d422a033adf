package io.clayenrichment.local;

import io.clayenrichment.common.kafka.KafkaBrokerProcess;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The local stack's Kafka broker: a real KRaft broker from the Kafka jars in this launcher's {@code lib/}. */
final class LocalKafka {

    private LocalKafka() {}

    static KafkaBrokerProcess broker(LocalStackSettings settings) throws IOException {
        Path kafkaDir = settings.dataDir().resolve("kafka");
        Files.createDirectories(kafkaDir);
        Path logConfig = kafkaDir.resolve("log4j2.properties");
        try (InputStream in = LocalKafka.class.getResourceAsStream("/broker-log4j2.properties")) {
            Files.copy(in, logConfig, StandardCopyOption.REPLACE_EXISTING);
        }
        return KafkaBrokerProcess.builder(libClasspath(), kafkaDir)
                .ports(settings.kafkaPort(), settings.kafkaControllerPort())
                .jvmOption("-Dlog4j2.configurationFile=" + logConfig)
                .build();
    }

    /** {@code lib/*} beside the launcher's jar, where the build copied Kafka's server jars. */
    private static String libClasspath() throws IOException {
        try {
            Path launcher = Path.of(LocalKafka.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path lib = (Files.isDirectory(launcher) ? launcher.getParent() : launcher.getParent()).resolve("lib");
            if (!Files.isDirectory(lib)) {
                throw new IOException(lib + " is missing: build the launcher with `mvn -B -DskipTests package`");
            }
            return lib.toAbsolutePath() + java.io.File.separator + "*";
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate the launcher's lib folder", e);
        }
    }
}
