package io.clayenrichment.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/**
 * Environment variables that give a service under test its own topics, group and application ids
 * and state folder on the shared test broker, so tests never see each other's records.
 */
public final class IsolatedEnv {

    private IsolatedEnv() {}

    public static Map<String, String> named(String prefix) {
        return named(prefix, TestKafka.bootstrapServers());
    }

    /** The same names for a broker other than the shared one (a test's own secured broker, say). */
    public static Map<String, String> named(String prefix, String bootstrapServers) {
        String run = TestKafka.uniqueName(prefix);
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("APPLICATION_ID", run);
        env.put("DISPATCHER_GROUP_ID", run + "-dispatcher");
        env.put("TOPIC_REQUESTS", run + ".requests");
        env.put("TOPIC_RESULTS", run + ".results");
        env.put("TOPIC_DEAD_LETTERS", run + ".dlq");
        env.put("TOPIC_OUTBOUND", run + ".outbound");
        env.put("TOPIC_BUDGETS", run + ".budgets");
        env.put("TOPIC_URL_SUBMISSIONS", run + ".submissions");
        env.put("TOPIC_RECEIPTS", run + ".receipts");
        env.put("TOPIC_BUDGET_CHANGES", run + ".budget-changes");
        env.put("TOPIC_WORKSPACE_GRANTS", run + ".workspace-grants");
        env.put("TOPIC_REPLICATION_FACTOR", "1");
        env.put("HTTP_PORT", "0");
        try {
            env.put("STATE_DIR", Files.createTempDirectory(prefix + "-state-").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return env;
    }
}
