package io.clayenrichment.enrichment.service;

import io.clayenrichment.common.testing.TestKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/** Environment variables for a service under test: its own topics, application id and state folder. */
final class ServiceEnv {

    private ServiceEnv() {}

    static Map<String, String> fresh(String name) {
        String suffix = TestKafka.uniqueName(name);
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", TestKafka.bootstrapServers());
        env.put("APPLICATION_ID", suffix);
        env.put("TOPIC_REQUESTS", suffix + ".requests");
        env.put("TOPIC_RESULTS", suffix + ".results");
        env.put("TOPIC_DEAD_LETTERS", suffix + ".dlq");
        env.put("TOPIC_OUTBOUND", suffix + ".outbound");
        env.put("TOPIC_BUDGETS", suffix + ".budgets");
        env.put("TOPIC_PARTITIONS", "2");
        env.put("TOPIC_REPLICATION_FACTOR", "1");
        env.put("HTTP_PORT", "0");
        // these tests watch the topology's routing on clay.outbound; the dispatcher has its own tests
        env.put("DISPATCHER_ENABLED", "false");
        try {
            env.put("STATE_DIR", Files.createTempDirectory("enrichment-state-").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return env;
    }
}
