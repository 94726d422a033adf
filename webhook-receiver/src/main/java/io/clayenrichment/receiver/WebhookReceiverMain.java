package io.clayenrichment.receiver;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.config.SettingsException;
import io.clayenrichment.common.topics.TopicProvisioner;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the webhook-receiver from the environment: settings (exit 2 naming the variable when one is
 * wrong), missing topics created, then the server; SIGTERM shuts it down gracefully.
 */
public final class WebhookReceiverMain {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookReceiverMain.class);

    private WebhookReceiverMain() {}

    public static void main(String[] args) {
        ReceiverSettings settings;
        try {
            settings = ReceiverSettings.fromEnv(Env.system());
        } catch (SettingsException e) {
            System.err.println("webhook-receiver cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        LOG.info("webhook-receiver starting with {}", settings);
        try {
            List<String> created = TopicProvisioner.ensure(settings.kafka().toProperties(),
                    TopicProvisioner.platformTopics(settings.topics(), settings.topicLayout()));
            LOG.info("topics checked at {}; created {}", settings.kafka().bootstrapServers(), created);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.error("webhook-receiver cannot start: topics could not be checked or created at {} ({}: {})",
                    settings.kafka().bootstrapServers(), e.getClass().getSimpleName(), e.getMessage());
            System.exit(1);
            return;
        }
        WebhookReceiver receiver = WebhookReceiver.start(settings);
        LOG.info("webhook-receiver listening on port {}", receiver.port());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("webhook-receiver stopping: finishing requests in flight (grace {})", settings.shutdownGrace());
            receiver.close();
            LOG.info("webhook-receiver stopped");
        }, "webhook-receiver-shutdown"));
    }
}
