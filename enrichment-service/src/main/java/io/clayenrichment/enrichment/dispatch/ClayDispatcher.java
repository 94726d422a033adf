package io.clayenrichment.enrichment.dispatch;

import io.clayenrichment.common.schema.Priority;
import io.clayenrichment.common.topics.TopicProvisioner;
import io.clayenrichment.common.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the rows of {@code clay.outbound} and its priority lanes ({@code .urgent}, {@code .backfill})
 * to Clay's table webhooks, at most once per row and in order per partition, outside any stream
 * thread; the lanes share the rate limit by weight ({@link LaneScheduler}). It reads only committed rows (a row of an aborted
 * Streams transaction is never sent). One thread polls Kafka continuously and never blocks on HTTP:
 * each partition has a lane whose head row is sent asynchronously, and partitions are paused while
 * their lane is full or Clay's health breaker is open, so {@code max.poll.interval.ms} is never at
 * risk. Before a row's first POST the offset past it is committed (with a {@code sending} receipt
 * before that), so a restart never sends it again; every row ends with a receipt for the topology.
 * When the loop fails it is restarted with new clients and growing waits; after repeated failures
 * (or one that no restart can cure) it stops for good and {@link Health#live()} turns false, so that
 * Kubernetes restarts the pod.
 */
public final class ClayDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClayDispatcher.class);

    /** A lane holding this many records pauses its partition until it drains. */
    static final int MAX_BUFFERED_PER_PARTITION = 100;
    private static final Duration IDLE_POLL = Duration.ofMillis(100);
    /** While a send or an acknowledgement is outstanding, the loop looks at it this often. */
    private static final Duration BUSY_POLL = Duration.ofMillis(10);
    /**
     * While a row's intent is being recorded, this often: the commit's callback runs inside poll(),
     * and the row's POST waits for it.
     */
    private static final Duration INTENT_POLL = Duration.ofMillis(1);
    private static final Duration COMMIT_INTERVAL = Duration.ofMillis(200);
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);
    /** Readiness fails when the loop has not polled for this long (it polls at least every 100 ms). */
    private static final Duration STALLED_AFTER = Duration.ofSeconds(60);
    /** How often the lanes' backlog and oldest age are measured for their gauges. */
    private static final Duration LANE_OBSERVATION = Duration.ofSeconds(1);

    public enum State {
        CREATED, STARTING, RUNNING,
        /** Running, with the health breaker open: nothing is sent, rows wait in Kafka. */
        CLAY_UNAVAILABLE,
        /** The loop failed and is started again after a wait, with new Kafka clients. */
        RESTARTING,
        STOPPING, STOPPED,
        /** Stopped for good after failures no restart cured: the pod must be restarted. */
        FAILED
    }

    /**
     * What the probes look at. Clay being down is not a reason to restart the pod; a dispatcher that
     * cannot run any more is ({@code live} false).
     */
    public record Health(State state, boolean ready, boolean live, String detail) {}

    /** When the loop is restarted, and when it is given up. */
    record RestartPolicy(int maxRestarts, Duration firstWait, Duration maxWait, Duration healthyAfter) {
        static final RestartPolicy DEFAULT = new RestartPolicy(5, Duration.ofSeconds(1), Duration.ofMinutes(1),
                Duration.ofMinutes(1));

        Duration waitBefore(int restart) {
            long millis = firstWait.toMillis() << Math.min(20, Math.max(0, restart - 1));
            return Duration.ofMillis(Math.min(maxWait.toMillis(), millis));
        }
    }

    /** Makes the Kafka clients of a session; tests wrap the real ones to inject faults. */
    interface Clients {
        KafkaConsumer<byte[], byte[]> consumer(Properties properties);

        KafkaProducer<byte[], byte[]> producer(Properties properties);

        Clients REAL = new Clients() {
            @Override
            public KafkaConsumer<byte[], byte[]> consumer(Properties properties) {
                return new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            }

            @Override
            public KafkaProducer<byte[], byte[]> producer(Properties properties) {
                return new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
            }
        };
    }

    private final DispatcherSettings settings;
    private final Topics topics;
    private final Properties kafkaProperties;
    private final MeterRegistry registry;
    private final Clients clients;
    private final RestartPolicy restarts;
    private final WorkspaceRouting<WorkspaceChannel> workspaces;
    private final ClayHealthBreaker breaker;
    private final DispatcherMetrics metrics;

    private volatile State state = State.CREATED;
    private volatile String failure = "";
    private volatile boolean stopRequested;
    /** Counted down by close(), so a wait between restarts ends at once. */
    private final java.util.concurrent.CountDownLatch stopSignal = new java.util.concurrent.CountDownLatch(1);
    private volatile boolean halting;
    private volatile long lastPollNanos = System.nanoTime();
    private Thread thread;
    private Session session;

    public ClayDispatcher(DispatcherSettings settings, Topics topics, Properties kafkaProperties,
            MeterRegistry registry) {
        this(settings, topics, kafkaProperties, registry, Clients.REAL, RestartPolicy.DEFAULT);
    }

    ClayDispatcher(DispatcherSettings settings, Topics topics, Properties kafkaProperties, MeterRegistry registry,
            Clients clients, RestartPolicy restarts) {
        this.settings = settings;
        this.topics = topics;
        this.kafkaProperties = new Properties();
        this.kafkaProperties.putAll(kafkaProperties);
        this.registry = registry;
        this.clients = clients;
        this.restarts = restarts;
        List<ClayWorkspace> configured = settings.workspaces();
        this.workspaces = new WorkspaceRouting<>(configured, configured.stream().map(WorkspaceChannel::new).toList());
        this.breaker = new ClayHealthBreaker(settings);
        this.metrics = new DispatcherMetrics(registry, breaker, workspaces.all(), settings.urlPoolLowFraction());
    }

    /**
     * Creates the submissions and receipts topics when missing, reads the submission counts, and
     * starts the dispatcher's thread. Throws when Kafka cannot be reached within 30 seconds.
     */
    public synchronized void start() {
        if (state != State.CREATED) {
            throw new IllegalStateException("a dispatcher starts once; it is " + state);
        }
        state = State.STARTING;
        try {
            List<NewTopic> wanted = new java.util.ArrayList<>(List.of(submissionsTopic(), receiptsTopic()));
            wanted.addAll(TopicProvisioner.outboundLanes(topics, settings.topicLayout()));
            TopicProvisioner.ensure(kafkaProperties, wanted);
            session = new Session();
        } catch (Exception e) {
            state = State.FAILED;
            failure = "start failed: " + e;
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("the Clay dispatcher cannot start: " + e.getMessage(), e);
        }
        LOG.info("Clay dispatcher starting: {} -> {} webhook URL(s), {} submissions left; {}",
                topics.outboundLanes(), workspaces.all().stream().mapToInt(c -> c.pool.size()).sum(),
                workspaces.all().stream().mapToLong(c -> c.pool.leftOverall()).sum(), settings);
        thread = new Thread(this::run, "clay-dispatcher");
        thread.start();
    }

    public State state() {
        return state;
    }

    public Health health() {
        State now = state;
        boolean polling = System.nanoTime() - lastPollNanos < STALLED_AFTER.toNanos();
        boolean ready = (now == State.RUNNING || now == State.CLAY_UNAVAILABLE) && polling;
        String detail = switch (now) {
            case RUNNING -> polling ? "sending to Clay" : "the dispatcher loop has not polled Kafka for "
                    + STALLED_AFTER.toSeconds() + "s";
            case CLAY_UNAVAILABLE -> "Clay health breaker open: rows wait in Kafka";
            case RESTARTING, FAILED -> failure;
            default -> now.name().toLowerCase(java.util.Locale.ROOT);
        };
        return new Health(now, ready, now != State.FAILED, detail);
    }

    /**
     * Stops gracefully: no new sends; sends and receipts already under way get up to
     * {@code DISPATCHER_SHUTDOWN_GRACE} to finish; a row that never reached Clay is left for whoever
     * gets its partition, one that may have is not sent again; what is done is committed; clients are
     * closed.
     */
    @Override
    public void close() {
        stopRequested = true;
        stopSignal.countDown();
        joinLoop();
    }

    /** For tests of crashes: stops at once, committing nothing, as if the process had been killed. */
    void halt() {
        halting = true;
        stopRequested = true;
        stopSignal.countDown();
        joinLoop();
    }

    private void joinLoop() {
        Thread running;
        synchronized (this) {
            running = thread;
        }
        if (running == null) {
            closeSession();
            if (state == State.CREATED) {
                state = State.STOPPED;
            }
            return;
        }
        try {
            running.join(settings.shutdownGrace().plus(KAFKA_TIMEOUT).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        int failures = 0;
        try {
            while (!stopRequested) {
                long startedNanos = System.nanoTime();
                try {
                    if (session == null) {
                        session = new Session();
                        LOG.info("Clay dispatcher restarted with new Kafka clients");
                    }
                    session.run();
                } catch (Throwable e) {
                    closeSession();
                    if (stopRequested) {
                        break;
                    }
                    boolean healthyMeanwhile = System.nanoTime() - startedNanos > restarts.healthyAfter().toNanos();
                    failures = healthyMeanwhile ? 1 : failures + 1;
                    if (!isCurable(e) || failures > restarts.maxRestarts()) {
                        failure = "the dispatcher loop failed " + failures + " time(s) in a row, last: " + e
                                + "; nothing is sent until the pod restarts";
                        state = State.FAILED;
                        LOG.error("Clay dispatcher gives up: {}", failure, e);
                        return;
                    }
                    Duration wait = restarts.waitBefore(failures);
                    failure = "restarting in " + wait + " after: " + e;
                    state = State.RESTARTING;
                    LOG.error("Clay dispatcher loop failed; restart {} of at most {} in {}; rows not yet sent wait in"
                            + " Kafka", failures, restarts.maxRestarts(), wait, e);
                    sleep(wait);
                }
            }
            state = State.STOPPED;
        } finally {
            closeSession();
            LOG.info("Clay dispatcher {}", state == State.FAILED ? "failed" : halting ? "halted" : "stopped");
        }
    }

    /** Failures a new set of clients cannot cure: bad credentials, missing permissions, bad settings, JVM errors. */
    private static boolean isCurable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof AuthenticationException || cause instanceof AuthorizationException
                    || cause instanceof InvalidConfigurationException || cause instanceof ConfigException) {
                return false;
            }
        }
        return e instanceof Exception;
    }

    private void sleep(Duration wait) {
        try {
            stopSignal.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopRequested = true;
        }
    }

    private void closeSession() {
        Session ending = session;
        session = null;
        if (ending != null) {
            ending.close();
        }
    }

    private NewTopic submissionsTopic() {
        return Topics.URL_SUBMISSIONS.newTopic(settings.submissionsTopic(), settings.topicLayout());
    }

    private NewTopic receiptsTopic() {
        return Topics.RECEIPTS.newTopic(settings.receiptsTopic(), settings.topicLayout());
    }

    /** The lane whose rows {@code topic} holds. */
    private Priority laneOf(String topic) {
        return Priority.ALL.stream().filter(lane -> topics.outboundLane(lane).equals(topic)).findFirst()
                .orElseThrow(() -> new IllegalStateException("not an outbound lane topic: " + topic));
    }

    /**
     * The Kafka clients and lanes of one run of the loop. A failed run is closed whole and a new one
     * made: rows it had not finished are read again from the last commit (those it was about to send
     * first are past it, and are not sent again).
     */
    private final class Session implements AutoCloseable {

        private final Map<TopicPartition, PartitionLane> lanes = new LinkedHashMap<>();
        private final LaneScheduler scheduler = new LaneScheduler(settings.laneWeights());
        private long lanesObservedNanos = System.nanoTime();
        private final PartitionEnds ends;
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final KafkaProducer<byte[], byte[]> producer;
        private final SubmissionLedger ledger;
        private final ClayWebhookClient client;
        private final DeliveryEngine engine;
        private final List<KafkaClientMetrics> clientMetrics;
        private long lastCommitNanos = System.nanoTime();

        Session() {
            KafkaProducer<byte[], byte[]> madeProducer = null;
            KafkaConsumer<byte[], byte[]> madeConsumer = null;
            SubmissionLedger madeLedger = null;
            try {
                madeProducer = clients.producer(producerProperties());
                madeConsumer = clients.consumer(consumerProperties());
                madeLedger = new SubmissionLedger(settings.submissionsTopic(),
                        workspaces.all().stream().map(channel -> channel.pool).toList(), madeProducer, kafkaProperties);
                madeLedger.catchUp(KAFKA_TIMEOUT);
            } catch (RuntimeException e) {
                closeQuietly(madeLedger);
                closeQuietly(madeConsumer);
                closeQuietly(madeProducer);
                throw e;
            }
            producer = madeProducer;
            consumer = madeConsumer;
            ledger = madeLedger;
            client = new ClayWebhookClient(settings.requestTimeout());
            engine = new DeliveryEngine(settings, client, breaker, workspaces, ledger,
                    new ReceiptWriter(producer, settings.receiptsTopic(), Clock.systemUTC()),
                    new DeadLetterWriter(producer, topics.deadLetters().name(), Clock.systemUTC()), this::commitIntent,
                    metrics, new Backoff(settings.retryInitialBackoff(), settings.retryMaxBackoff(), new SecureRandom()),
                    Clock.systemUTC());
            ends = new PartitionEnds(kafkaProperties);
            clientMetrics = List.of(new KafkaClientMetrics(consumer), new KafkaClientMetrics(producer));
            clientMetrics.forEach(binder -> binder.bindTo(registry));
        }

        void run() {
            consumer.subscribe(topics.outboundLanes(), new Rebalance());
            state = State.RUNNING;
            Duration pollTimeout = IDLE_POLL;
            while (!stopRequested) {
                pollTimeout = iterate(pollTimeout);
            }
            if (!halting) {
                finishInFlight();
            }
        }

        private Duration iterate(Duration pollTimeout) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(pollTimeout)) {
                PartitionLane lane = lanes.get(new TopicPartition(record.topic(), record.partition()));
                if (lane == null) {
                    // poll() only returns records of assigned partitions, and every one has a lane; were that ever
                    // broken, failing loudly leaves the record uncommitted instead of skipping it.
                    throw new IllegalStateException("record of " + record.topic() + "-" + record.partition()
                            + " without a lane");
                }
                lane.add(record);
            }
            lastPollNanos = System.nanoTime();
            ledger.pollUpdates();
            long wakeAt = Long.MAX_VALUE;
            boolean busy = false;
            boolean recordingIntent = false;
            // The scheduler's order decides which lane takes the next token: lanes share Clay's rate by weight.
            for (PartitionLane lane : scheduler.order(lanes.values())) {
                long tokensBefore = engine.tokensTaken();
                wakeAt = Math.min(wakeAt, engine.advance(lane, true));
                if (engine.tokensTaken() != tokensBefore) {
                    scheduler.took(lane.priority);
                }
                busy |= isOutstanding(lane);
                recordingIntent |= lane.inFlight() != null && lane.inFlight().phase == Delivery.Phase.RECORDING_INTENT;
            }
            state = engine.breakerOpen() ? State.CLAY_UNAVAILABLE : State.RUNNING;
            applyPauses();
            commit(lanes.values(), null);
            observeLanes();
            return nextPollTimeout(wakeAt, recordingIntent ? INTENT_POLL : busy ? BUSY_POLL : IDLE_POLL);
        }

        /** About every second: each lane's backlog (rows not read yet, and rows read but not sent) and its oldest row's age. */
        private void observeLanes() {
            long now = System.nanoTime();
            if (now - lanesObservedNanos < LANE_OBSERVATION.toNanos()) {
                return;
            }
            lanesObservedNanos = now;
            ends.track(lanes.keySet());
            long nowMs = System.currentTimeMillis();
            Map<Priority, Long> queued = new java.util.EnumMap<>(Priority.class);
            Map<Priority, Duration> oldest = new java.util.EnumMap<>(Priority.class);
            for (Priority lane : Priority.ALL) {
                queued.put(lane, 0L);
                oldest.put(lane, Duration.ZERO);
            }
            for (PartitionLane lane : lanes.values()) {
                queued.merge(lane.priority, lane.size() + unread(lane), Long::sum);
                Delivery head = lane.inFlight();
                if (head != null) {
                    Duration age = Duration.ofMillis(Math.max(0, nowMs - head.record.timestamp()));
                    oldest.merge(lane.priority, age, (a, b) -> a.compareTo(b) >= 0 ? a : b);
                }
            }
            metrics.lanes(queued, oldest);
        }

        /** Rows of the lane's partition not read yet: from its last known end, else the consumer's own lag. */
        private long unread(PartitionLane lane) {
            OptionalLong end = ends.end(lane.partition);
            if (end.isPresent()) {
                try {
                    return Math.max(0, end.getAsLong() - consumer.position(lane.partition, Duration.ZERO));
                } catch (org.apache.kafka.common.KafkaException e) {
                    // no position yet
                }
            }
            return consumer.currentLag(lane.partition).orElse(0);
        }

        private Duration nextPollTimeout(long wakeAt, Duration ceiling) {
            if (wakeAt == Long.MAX_VALUE) {
                return ceiling;
            }
            long untilWake = Math.max(1_000_000, wakeAt - System.nanoTime());
            return untilWake < ceiling.toNanos() ? Duration.ofNanos(untilWake) : ceiling;
        }

        private boolean isOutstanding(PartitionLane lane) {
            Delivery head = lane.inFlight();
            return head != null && head.phase != Delivery.Phase.READY;
        }

        /**
         * Pauses a partition whose lane is full; while Clay's breaker is open, every partition that has
         * a row waiting (one with an empty lane still fetches, so that a row is there to probe Clay with
         * and to drop when its deadline passes); and all of them while stopping.
         */
        private void applyPauses() {
            boolean breakerOpen = engine.breakerOpen();
            Set<TopicPartition> paused = consumer.paused();
            Set<TopicPartition> toPause = new HashSet<>();
            Set<TopicPartition> toResume = new HashSet<>();
            for (PartitionLane lane : lanes.values()) {
                boolean hold = stopRequested || breakerOpen && lane.size() > 0
                        || lane.size() >= MAX_BUFFERED_PER_PARTITION;
                if (hold && !paused.contains(lane.partition)) {
                    toPause.add(lane.partition);
                } else if (!hold && paused.contains(lane.partition)) {
                    toResume.add(lane.partition);
                }
            }
            consumer.pause(toPause);
            consumer.resume(toResume);
        }

        /**
         * The commit past a lane's head before its first POST. The callback runs on this thread
         * during a later poll; a failed commit is retried with the next one, and the row is not sent.
         */
        private CompletableFuture<Void> commitIntent(PartitionLane lane) {
            long offset = lane.commitPastHead();
            CompletableFuture<Void> done = new CompletableFuture<>();
            lastCommitNanos = System.nanoTime();
            consumer.commitAsync(Map.of(lane.partition, new OffsetAndMetadata(offset)), (committed, error) -> {
                if (error == null) {
                    done.complete(null);
                } else {
                    lane.restoreCommit(offset);
                    done.completeExceptionally(error);
                }
            });
            return done;
        }

        /** Commits what the lanes have done; {@code waitUpTo} null: asynchronously, at most every 200 ms. */
        private void commit(Collection<PartitionLane> which, Duration waitUpTo) {
            boolean synchronously = waitUpTo != null;
            if (!synchronously && System.nanoTime() - lastCommitNanos < COMMIT_INTERVAL.toNanos()) {
                return;
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (PartitionLane lane : which) {
                OptionalLong offset = lane.takeCommit();
                if (offset.isPresent()) {
                    offsets.put(lane.partition, new OffsetAndMetadata(offset.getAsLong()));
                }
            }
            if (offsets.isEmpty()) {
                return;
            }
            lastCommitNanos = System.nanoTime();
            if (synchronously) {
                consumer.commitSync(offsets, waitUpTo);
                return;
            }
            consumer.commitAsync(offsets, (committed, error) -> {
                if (error != null) {
                    LOG.warn("offset commit failed ({}); it is retried with the next one", error.toString());
                    committed.forEach((partition, offset) -> Optional.ofNullable(lanes.get(partition))
                            .ifPresent(lane -> lane.restoreCommit(offset.offset())));
                }
            });
        }

        /** After the loop: lets outstanding sends and acknowledgements finish within the grace, then commits. */
        private void finishInFlight() {
            state = State.STOPPING;
            long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
            while (System.nanoTime() < deadline) {
                List<CompletableFuture<?>> outstanding = lanes.values().stream().map(PartitionLane::inFlight)
                        .filter(d -> d != null && d.phase != Delivery.Phase.READY
                                && d.phase != Delivery.Phase.RECORDING_INTENT)
                        .map(d -> d.phase == Delivery.Phase.SENDING ? d.reply : d.acknowledgement)
                        .filter(f -> f != null && !f.isDone())
                        .<CompletableFuture<?>>map(f -> f).toList();
                lanes.values().forEach(lane -> engine.advance(lane, false));
                if (outstanding.isEmpty()) {
                    break;
                }
                try {
                    CompletableFuture.anyOf(outstanding.toArray(CompletableFuture[]::new))
                            .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException | java.util.concurrent.ExecutionException late) {
                    // the deadline passed, or a send failed: the loop looks again and then gives up
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            lanes.values().forEach(engine::abandon);
            commit(lanes.values(), KAFKA_TIMEOUT);
        }

        /** This instance's share of the rate: its part of all the lanes' partitions, which the group divides. */
        private void reshare() {
            int total = 0;
            for (String topic : topics.outboundLanes()) {
                total += consumer.partitionsFor(topic, KAFKA_TIMEOUT).size();
            }
            for (WorkspaceChannel channel : workspaces.all()) {
                RateShare share = channel.reshare(lanes.size(), total);
                LOG.info("assigned {} of {} partitions of {}: sending at most {}/s with a burst of {} to workspace {}",
                        lanes.size(), total, topics.outboundLanes(), String.format("%.2f", share.ratePerSecond()),
                        String.format("%.1f", share.burst()), channel.name());
            }
        }

        @Override
        public void close() {
            lanes.values().forEach(engine::abandon);
            if (!halting) {
                // A failed run: rows about to be sent for the first time go back to the next run (best effort).
                try {
                    commit(lanes.values(), Duration.ofSeconds(5));
                } catch (RuntimeException e) {
                    LOG.warn("could not commit the hand-back of rows not yet sent ({}); they wait for their deadline",
                            e.toString());
                }
            }
            clientMetrics.forEach(KafkaClientMetrics::close);
            closeQuietly(() -> consumer.close(CloseOptions.timeout(Duration.ofSeconds(5))));
            closeQuietly(ledger);
            closeQuietly(() -> producer.close(Duration.ofSeconds(5)));
            closeQuietly(client);
            closeQuietly(ends);
        }

        private final class Rebalance implements ConsumerRebalanceListener {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                List<PartitionLane> revoked = partitions.stream().map(lanes::get).filter(l -> l != null).toList();
                // Receipts and submission counts already sent must be acknowledged before the next owner
                // reads the counts and before the offsets are committed.
                producer.flush();
                revoked.forEach(lane -> engine.advance(lane, false));
                revoked.forEach(engine::abandon);
                commit(revoked, KAFKA_TIMEOUT);
                partitions.forEach(lanes::remove);
                if (!stopRequested) {
                    reshare();
                }
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                partitions.forEach(partition -> lanes.put(partition, new PartitionLane(partition,
                        laneOf(partition.topic()))));
                // The previous owner flushed its counts before letting go; read them before sending.
                ledger.catchUp(KAFKA_TIMEOUT);
                reshare();
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                partitions.stream().map(lanes::get).filter(l -> l != null).forEach(engine::abandon);
                partitions.forEach(lanes::remove);
                LOG.warn("lost partitions {} without a clean hand-over; rows not yet sent will be read again, none that"
                        + " was about to be sent is", partitions);
            }
        }
    }

    private Properties consumerProperties() {
        Properties props = new Properties();
        props.putAll(kafkaProperties);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // A row of an aborted Streams transaction was never decided: its retry writes it again, with a new id.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(MAX_BUFFERED_PER_PARTITION));
        return props;
    }

    private Properties producerProperties() {
        Properties props = new Properties();
        props.putAll(kafkaProperties);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // A row's POST waits for its sending receipt: a lone write must not linger.
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "1");
        return props;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("closing a client failed: {}", e.toString());
        }
    }
}
