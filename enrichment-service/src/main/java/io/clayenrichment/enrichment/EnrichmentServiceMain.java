package io.clayenrichment.enrichment;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.config.SettingsException;
import io.clayenrichment.enrichment.replay.ReplayCommand;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar enrichment-service.jar}: the service, configured by environment variables only (see
 * docs/configuration.md); {@code java -jar enrichment-service.jar dlq replay [options]}: the dead-letter replay command.
 */
public final class EnrichmentServiceMain {

    private static final Logger LOG = LoggerFactory.getLogger(EnrichmentServiceMain.class);

    private EnrichmentServiceMain() {}

    public static void main(String[] args) throws Exception {
        if (ReplayCommand.isCommand(args)) {
            System.exit(ReplayCommand.run(List.of(args), Env.system(), System.out, System.err,
                    System.console() != null));
            return;
        }
        EnrichmentSettings settings;
        try {
            settings = EnrichmentSettings.fromEnv(Env.system());
        } catch (SettingsException e) {
            System.err.println("enrichment-service: " + e.getMessage());
            System.exit(2);
            return;
        }
        EnrichmentService service = EnrichmentService.start(settings);
        // SIGTERM: close Kafka Streams within SHUTDOWN_TIMEOUT, then the HTTP server.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("shutting down");
            service.close();
        }, "shutdown"));
        LOG.info("enrichment-service started: HTTP port {}, application id {}, processing {}", service.httpPort(),
                settings.streams().applicationId(), settings.streams().processingGuarantee());
    }
}
