package io.clayenrichment.enrichment.service;

import io.clayenrichment.common.testing.IsolatedEnv;
import java.util.Map;

/** Environment variables for a service under test: its own topics, application id and state folder. */
public final class ServiceEnv {

    private ServiceEnv() {}

    public static Map<String, String> fresh(String name) {
        Map<String, String> env = IsolatedEnv.named(name);
        env.put("TOPIC_PARTITIONS", "2");
        // these tests watch the topology's routing on clay.outbound; the dispatcher has its own tests
        env.put("DISPATCHER_ENABLED", "false");
        return env;
    }
}
