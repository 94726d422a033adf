package io.clayenrichment.enrichment.dispatch;

import static io.clayenrichment.enrichment.dispatch.DispatcherTestKit.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clayenrichment.common.schema.OutboundRow;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher's loop heals itself: a failure restarts it with new Kafka clients after a growing
 * wait, and nothing is lost or sent twice; failures no restart cures (one that repeats right after
 * every restart, or missing permissions) stop it for good with {@code live} false, for Kubernetes to
 * restart the pod. Faults are injected into real Kafka consumers on the real test broker.
 */
class ClayDispatcherRestartTest {

    private static final ClayDispatcher.RestartPolicy FAST = new ClayDispatcher.RestartPolicy(3,
            Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofMinutes(1));

    @Test
    void aLoopThatFailsIsRestartedWithNewClientsAndEveryRowArrivesOnce() {
        try (ScriptedClay clay = new ScriptedClay(); DispatcherTestKit kit = new DispatcherTestKit(2)) {
            // The first two sessions lose their consumer after a few polls; the third keeps it.
            AtomicInteger sessions = new AtomicInteger();
            ClayDispatcher dispatcher = kit.webhooks(clay, "table-a").start(faulty(() -> {
                int session = sessions.incrementAndGet();
                return session <= 2 ? 30 : Integer.MAX_VALUE;
            }), FAST);
            List<OutboundRow> rows = IntStream.range(0, 30)
                    .mapToObj(i -> DispatcherTestKit.row("email:r" + (i % 5) + "@example.com", "acme", i)).toList();
            kit.produce(rows);

            await().atMost(WAIT).until(() -> sessions.get() >= 3);
            await().atMost(WAIT).until(() -> clay.accepted().stream().map(ScriptedClay.Received::correlationId)
                    .distinct().count() == rows.size());
            await().atMost(WAIT).until(kit::everythingCommitted);
            assertThat(dispatcher.health().live()).isTrue();
            await().atMost(WAIT).until(() -> dispatcher.state() == ClayDispatcher.State.RUNNING);
            // at most once: no row was POSTed twice across the restarts
            assertThat(clay.received().stream().collect(Collectors.groupingBy(ScriptedClay.Received::correlationId,
                    Collectors.counting())).values()).allMatch(count -> count == 1);
        }
    }

    @Test
    void aFailureThatComesBackAfterEveryRestartStopsTheDispatcherForGoodAndItIsNoLongerLive() {
        try (ScriptedClay clay = new ScriptedClay(); DispatcherTestKit kit = new DispatcherTestKit(1)) {
            AtomicInteger sessions = new AtomicInteger();
            ClayDispatcher dispatcher = kit.webhooks(clay, "table-a").start(faulty(() -> {
                sessions.incrementAndGet();
                return 2;
            }), FAST);

            await().atMost(WAIT).until(() -> dispatcher.state() == ClayDispatcher.State.FAILED);
            assertThat(dispatcher.health().live()).isFalse();
            assertThat(dispatcher.health().ready()).isFalse();
            assertThat(dispatcher.health().detail()).contains("4 time(s) in a row").contains("injected");
            // the first session and three restarts
            assertThat(sessions.get()).isEqualTo(4);
        }
    }

    @Test
    void missingPermissionsAreNotRetried() {
        try (ScriptedClay clay = new ScriptedClay(); DispatcherTestKit kit = new DispatcherTestKit(1)) {
            AtomicInteger sessions = new AtomicInteger();
            ClayDispatcher dispatcher = kit.webhooks(clay, "table-a").start(new ClayDispatcher.Clients() {
                @Override
                public KafkaConsumer<byte[], byte[]> consumer(Properties properties) {
                    sessions.incrementAndGet();
                    return new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer()) {
                        @Override
                        public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
                            throw new TopicAuthorizationException("injected: not authorized to read clay.outbound");
                        }
                    };
                }

                @Override
                public KafkaProducer<byte[], byte[]> producer(Properties properties) {
                    return ClayDispatcher.Clients.REAL.producer(properties);
                }
            }, FAST);

            await().atMost(WAIT).until(() -> dispatcher.state() == ClayDispatcher.State.FAILED);
            assertThat(dispatcher.health().live()).isFalse();
            assertThat(sessions.get()).isEqualTo(1);
        }
    }

    /** Real clients whose consumer throws after the number of polls {@code pollsPerSession} gives each session. */
    private static ClayDispatcher.Clients faulty(Supplier<Integer> pollsPerSession) {
        return new ClayDispatcher.Clients() {
            @Override
            public KafkaConsumer<byte[], byte[]> consumer(Properties properties) {
                AtomicInteger left = new AtomicInteger(pollsPerSession.get());
                return new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer()) {
                    @Override
                    public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
                        if (left.decrementAndGet() < 0) {
                            throw new KafkaException("injected: the consumer lost its connection for good");
                        }
                        return super.poll(timeout);
                    }
                };
            }

            @Override
            public KafkaProducer<byte[], byte[]> producer(Properties properties) {
                return ClayDispatcher.Clients.REAL.producer(properties);
            }
        };
    }
}
