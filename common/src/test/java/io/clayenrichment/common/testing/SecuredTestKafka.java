package io.clayenrichment.common.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.KafkaClusterTestKit;

/**
 * A one-node in-JVM KRaft cluster of a test's own that authenticates with SASL/PLAIN and authorizes
 * with {@code StandardAuthorizer}: no ACL, no access (super user excepted). Each user named at start
 * gets a password; clients reach the broker as that user through {@link #clientEnv(String)}, the same
 * {@code KAFKA_*} variables a deployment sets. Unlike {@link TestKafka} it is not shared: close it.
 */
public final class SecuredTestKafka implements AutoCloseable {

    /** The test kit's own inter-broker principal, made a super user by it; the test sets ACLs as this user. */
    public static final String SUPER_USER = "plain-admin";
    private static final String SUPER_USER_PASSWORD = "plain-admin-secret";
    private static final ListenerName CLIENT_LISTENER = ListenerName.normalised("EXTERNAL");

    private final KafkaClusterTestKit cluster;

    private SecuredTestKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** Starts the broker with a PLAIN account for each of {@code users} (password: the name + "-secret"). */
    public static SecuredTestKafka start(Collection<String> users) {
        try {
            Path baseDir = Files.createTempDirectory("secured-kafka-");
            KafkaClusterTestKit cluster = TestKafka.singleNode(TestKafka.oneCombinedNode()
                    .setBrokerListenerName(CLIENT_LISTENER)
                    .setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                    .setControllerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                    .setBaseDirectory(baseDir)
                    .build())
                    // The listener's own accounts take precedence over the test kit's JAAS file (which knows
                    // two users only); the broker itself logs in as the super user on this listener too.
                    .setConfigProp("listener.name." + CLIENT_LISTENER.value().toLowerCase(java.util.Locale.ROOT)
                            + ".plain.sasl.jaas.config", serverJaas(users))
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new SecuredTestKafka(cluster);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the secured in-JVM Kafka test cluster", e);
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** What a service of principal {@code User:<user>} is deployed with: the {@code KAFKA_*} variables. */
    public Map<String, String> clientEnv(String user) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers());
        env.put("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
        env.put("KAFKA_SASL_MECHANISM", "PLAIN");
        env.put("KAFKA_SASL_JAAS_CONFIG", clientJaas(user, password(user)));
        return env;
    }

    /** Client properties for {@code user}, for the test's own clients. */
    public Properties clientProperties(String user) {
        Properties properties = new Properties();
        clientEnv(user).forEach((name, value) -> properties.put(
                name.substring("KAFKA_".length()).toLowerCase(java.util.Locale.ROOT).replace('_', '.'), value));
        return properties;
    }

    /** An admin client of the super user, for setting ACLs and reading what the services wrote. */
    public Admin superAdmin() {
        return Admin.create(clientProperties(SUPER_USER));
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }

    private static String password(String user) {
        return user.equals(SUPER_USER) ? SUPER_USER_PASSWORD : user + "-secret";
    }

    private static String serverJaas(Collection<String> users) {
        StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required")
                .append(" username=\"").append(SUPER_USER).append("\" password=\"").append(SUPER_USER_PASSWORD)
                .append("\" user_").append(SUPER_USER).append("=\"").append(SUPER_USER_PASSWORD).append('"');
        users.forEach(user -> jaas.append(" user_").append(user).append("=\"").append(password(user)).append('"'));
        return jaas.append(';').toString();
    }

    private static String clientJaas(String user, String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }
}
