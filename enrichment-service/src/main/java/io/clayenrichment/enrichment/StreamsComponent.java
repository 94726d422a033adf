package io.clayenrichment.enrichment;

import io.clayenrichment.enrichment.metrics.TopologyMetrics;
import io.clayenrichment.enrichment.topology.EnrichmentTopology;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Kafka Streams application running the enrichment topology, started and closed as one component. */
public final class StreamsComponent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsComponent.class);

    private final KafkaStreams streams;
    private final Duration closeTimeout;

    private StreamsComponent(KafkaStreams streams, Duration closeTimeout) {
        this.streams = streams;
        this.closeTimeout = closeTimeout;
    }

    /** @param self where this instance's HTTP API is reached, advertised to the others for contact lookups */
    public static StreamsComponent start(EnrichmentSettings settings, TopologyMetrics metrics, HostInfo self) {
        StreamsBuilder builder = EnrichmentTopology.build(new StreamsBuilder(), settings.topology(), metrics);
        Properties properties = properties(settings, metrics);
        properties.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        KafkaStreams streams = new KafkaStreams(builder.build(), properties);
        streams.setUncaughtExceptionHandler(error -> {
            // A failed thread is replaced and its tasks resume from the last commit (exactly once).
            LOG.error("stream thread failed; replacing it", error);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> {
            LOG.info("Kafka Streams state {} -> {}", before, now);
            if (now == KafkaStreams.State.RUNNING) {
                metrics.tasksRunning(streams.metadataForLocalThreads().stream()
                        .flatMap(thread -> thread.activeTasks().stream())
                        .map(task -> task.taskId().toString())
                        .collect(java.util.stream.Collectors.toSet()));
            }
        });
        streams.start();
        return new StreamsComponent(streams, settings.shutdownTimeout());
    }

    static Properties properties(EnrichmentSettings settings, TopologyMetrics metrics) {
        Properties props = settings.kafka().toProperties();
        EnrichmentSettings.StreamsSettings streams = settings.streams();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, streams.applicationId());
        props.put(StreamsConfig.STATE_DIR_CONFIG, streams.stateDir().toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, streams.processingGuarantee());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streams.threads());
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, streams.standbyReplicas());
        if (settings.topicLayout().replicationFactor() > 0) {
            props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) settings.topicLayout().replicationFactor());
        }
        props.putAll(EnrichmentTopology.streamsSettings(settings.topology().topics(), metrics));
        return props;
    }

    public KafkaStreams streams() {
        return streams;
    }

    public boolean isRunning() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    @Override
    public void close() {
        LOG.info("closing Kafka Streams (waiting up to {})", closeTimeout);
        // Leaving the group lets a replacement instance take the tasks at once, not after the session timeout.
        if (!streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(closeTimeout))) {
            LOG.warn("Kafka Streams did not close within {}", closeTimeout);
        }
    }
}
