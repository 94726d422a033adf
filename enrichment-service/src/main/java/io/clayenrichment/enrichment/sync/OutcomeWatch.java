package io.clayenrichment.enrichment.sync;

import io.clayenrichment.common.deadletter.DeadLetterHeaders;
import io.clayenrichment.common.schema.Blank;
import io.clayenrichment.common.schema.EnrichmentRequest;
import io.clayenrichment.common.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the platform's outputs for the outcomes of waiting requests: results on
 * {@code enriched.contacts}, dead letters on {@code dlq.clay}, and rows on {@code clay.outbound} and its
 * lanes (for the attempt's correlation id). Its own consumer on its own thread, outside Kafka Streams, reading
 * every partition (no group: every instance sees every outcome, whichever instance decided it) from
 * the end as of start-up, committed records only. Records are only looked at while someone waits.
 */
public final class OutcomeWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeWatch.class);
    private static final Set<String> IDS = Set.of("request_id", "correlation_id", "tenant");
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration NEW_PARTITIONS_CHECK = Duration.ofSeconds(30);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Waiters waiters;
    private final String results;
    private final String deadLetters;
    /** The outbound topics of every lane: a synchronous request may name any priority. */
    private final List<String> outbound;
    private final Thread thread;
    private volatile boolean running = true;

    private OutcomeWatch(KafkaConsumer<byte[], byte[]> consumer, Waiters waiters, Topics topics) {
        this.consumer = consumer;
        this.waiters = waiters;
        this.results = topics.results().name();
        this.deadLetters = topics.deadLetters().name();
        this.outbound = topics.outboundLanes();
        this.thread = new Thread(this::run, "outcome-watch");
        this.thread.setDaemon(true);
    }

    /**
     * Starts watching from the current end of every partition; returns once those positions are fixed,
     * so every outcome of a request published afterwards is seen.
     */
    public static OutcomeWatch start(Properties clientProperties, Topics topics, Waiters waiters) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "outcome-watch-" + java.util.UUID.randomUUID());
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        try {
            OutcomeWatch watch = new OutcomeWatch(consumer, waiters, topics);
            List<TopicPartition> partitions = watch.partitions();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            watch.thread.start();
            LOG.info("watching {} partitions of {}, {} and {} for the outcomes of synchronous requests",
                    partitions.size(), watch.results, watch.deadLetters, watch.outbound);
            return watch;
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    private List<TopicPartition> partitions() {
        List<TopicPartition> partitions = new ArrayList<>();
        List<String> topics = new ArrayList<>(List.of(results, deadLetters));
        topics.addAll(outbound);
        for (String topic : topics) {
            for (PartitionInfo info : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        return partitions;
    }

    private void run() {
        try {
            watch();
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void watch() {
        long nextPartitionsCheck = System.nanoTime() + NEW_PARTITIONS_CHECK.toNanos();
        while (running) {
            try {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    if (!waiters.isEmpty()) {
                        look(record);
                    }
                }
                if (System.nanoTime() - nextPartitionsCheck > 0) {
                    nextPartitionsCheck = System.nanoTime() + NEW_PARTITIONS_CHECK.toNanos();
                    addNewPartitions();
                }
            } catch (WakeupException e) {
                // close() asked to stop
            } catch (RuntimeException e) {
                LOG.warn("outcome watch: polling failed, trying again: {}", e.toString());
                pause();
            }
        }
    }

    /** Partitions added to a topic after start-up are read from their beginning: all they hold is new. */
    private void addNewPartitions() {
        Set<TopicPartition> known = new HashSet<>(consumer.assignment());
        List<TopicPartition> now = partitions();
        List<TopicPartition> added = now.stream().filter(partition -> !known.contains(partition)).toList();
        if (!added.isEmpty()) {
            consumer.assign(now);
            consumer.seekToBeginning(added);
            LOG.info("outcome watch: now also reading new partitions {}", added);
        }
    }

    /**
     * Matches a record to a waiting call by its attempt's correlation id or by tenant and request id,
     * never by request id alone (another tenant may use the same one).
     */
    private void look(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> ids = TopLevelFields.read(record.value(), IDS);
        String requestId = ids.get("request_id");
        String correlationId = ids.get("correlation_id");
        if (record.topic().equals(results)) {
            // Clay echoes the row's tenant; a result without one is matched by its correlation id only
            waiters.complete(correlationId, key(ids.get("tenant"), requestId), new Outcome.Answered(record.value()));
        } else if (outbound.contains(record.topic())) {
            Waiters.Key key = key(ids.get("tenant"), requestId);
            if (key != null) {
                waiters.sentToClay(key, correlationId);
            }
        } else if (record.topic().equals(deadLetters)) {
            String attempt = DeadLetterHeaders.read(record.headers(), DeadLetterHeaders.CORRELATION_ID)
                    .orElse(correlationId);
            Waiters.Key key = key(deadLetterTenant(record, ids), requestId);
            if (waiters.isWaiting(attempt, key)) {
                waiters.complete(attempt, key, new Outcome.DeadLettered(
                        DeadLetterHeaders.read(record.headers(), DeadLetterHeaders.REASON).orElse("unknown"),
                        DeadLetterHeaders.read(record.headers(), DeadLetterHeaders.DETAIL).orElse(""), attempt));
            }
        }
    }

    /** The waiter's key an outcome names; null when it lacks its tenant or request id ("" and "null" count as missing). */
    private static Waiters.Key key(String tenant, String requestId) {
        String knownTenant = Blank.orNull(tenant);
        String knownRequest = Blank.orNull(requestId);
        return knownTenant == null || knownRequest == null ? null : new Waiters.Key(knownTenant, knownRequest);
    }

    /**
     * A dead letter's tenant: its {@code dlq.tenant} header, else the original request's field, else the
     * contract's default (a request that names no tenant is the default tenant's).
     */
    private static String deadLetterTenant(ConsumerRecord<byte[], byte[]> record, Map<String, String> ids) {
        return DeadLetterHeaders.read(record.headers(), DeadLetterHeaders.TENANT)
                .or(() -> Optional.ofNullable(Blank.orNull(ids.get("tenant"))))
                .orElse(EnrichmentRequest.DEFAULT_TENANT);
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops the watch; its thread closes the consumer (a consumer is used by one thread only). Calls
     * still waiting are answered 202 first: no outcome can reach them any more.
     */
    @Override
    public void close() throws InterruptedException {
        waiters.releaseAll();
        running = false;
        consumer.wakeup();
        thread.join(Duration.ofSeconds(10).toMillis());
    }
}
