package io.clayenrichment.receiver.health;

import io.clayenrichment.common.config.KafkaSettings;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Kafka answers, from a describeCluster probe in the background every {@code interval}, each
 * bounded by the same time: readiness follows a broker going away or coming back within two intervals,
 * and a readiness request never waits on Kafka.
 */
public final class KafkaReachability implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaReachability.class);

    private final Admin admin;
    private final Duration interval;
    private final ScheduledExecutorService scheduler;
    private volatile boolean reachable;

    public KafkaReachability(KafkaSettings kafka, Duration interval) {
        this.interval = interval;
        Properties properties = kafka.toProperties();
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(interval.toMillis()));
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(interval.toMillis()));
        properties.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "webhook-receiver-probe");
        this.admin = Admin.create(properties);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kafka-reachability");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Probes once now (so readiness is right from the start), then every interval. */
    public KafkaReachability start() {
        probe();
        scheduler.scheduleWithFixedDelay(this::probe, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    public boolean isReachable() {
        return reachable;
    }

    private void probe() {
        boolean now;
        try {
            now = !admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) interval.toMillis()))
                    .nodes().get(interval.toMillis() + 500, TimeUnit.MILLISECONDS).isEmpty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            now = false;
        }
        if (now != reachable) {
            LOG.info(now ? "Kafka is reachable: ready" : "Kafka is not reachable: not ready");
        }
        reachable = now;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        admin.close(Duration.ofSeconds(2));
    }
}
