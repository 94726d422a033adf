package io.clayenrichment.enrichment.dispatch;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last committed offset of each partition the dispatcher holds, asked of Kafka every few seconds
 * on a thread of its own, for the lanes' backlog gauge. The consumer's own lag cannot serve: it
 * stands still while a partition is paused, and a backlog's partitions are; asking from the poll loop
 * would hold it while the broker answers.
 */
final class PartitionEnds implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionEnds.class);
    private static final Duration EVERY = Duration.ofSeconds(5);

    private final Admin admin;
    private final ScheduledExecutorService timer;
    private final Map<TopicPartition, Long> ends = new ConcurrentHashMap<>();
    private volatile Set<TopicPartition> tracked = Set.of();

    PartitionEnds(Properties kafkaProperties) {
        this.admin = Admin.create(kafkaProperties);
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "clay-dispatcher-partition-ends");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::refresh, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The partitions to know the ends of from now on: those assigned. */
    void track(Set<TopicPartition> partitions) {
        tracked = Set.copyOf(partitions);
        ends.keySet().retainAll(tracked);
    }

    /** The partition's end as last asked; empty before the first answer. */
    OptionalLong end(TopicPartition partition) {
        Long end = ends.get(partition);
        return end == null ? OptionalLong.empty() : OptionalLong.of(end);
    }

    private void refresh() {
        Set<TopicPartition> partitions = tracked;
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
        try {
            admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                    .get(EVERY.toMillis(), TimeUnit.MILLISECONDS)
                    .forEach((partition, info) -> {
                        if (tracked.contains(partition)) {
                            ends.put(partition, info.offset());
                        }
                    });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // a gauge's input: the previous ends stand until the next try
            LOG.debug("could not read the ends of the outbound partitions: {}", e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        admin.close(Duration.ofSeconds(2));
    }
}
