package io.clayenrichment.enrichment.replay;

import io.clayenrichment.common.topics.TopicProvisioner;
import io.clayenrichment.common.topics.Topics;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One run of {@code dlq replay}. Each poll's batch of chosen letters is re-published together with
 * its ledger entries in one Kafka transaction: either both the requests and the "replayed" marks
 * are committed or neither is, so a crash never replays a letter twice, nor marks one that was not
 * replayed. The transactional id is fixed, so a new run first fences and aborts a crashed one.
 */
public final class DlqReplay {

    private final ReplaySettings settings;
    private final ReplayOptions options;
    private final PrintStream out;
    private final Progress progress;
    private final Clock clock;

    DlqReplay(ReplaySettings settings, ReplayOptions options, PrintStream out, Progress progress, Clock clock) {
        this.settings = settings;
        this.options = options;
        this.out = out;
        this.progress = progress;
        this.clock = clock;
    }

    public ReplaySummary run() throws InterruptedException, ExecutionException, TimeoutException {
        Properties client = settings.kafka().toProperties();
        TopicProvisioner.ensure(client, List.of(Topics.REPLAYED.newTopic(settings.replayedTopic(), settings.layout())));
        LetterFilter filter = new LetterFilter(options);
        RequestRebuilder rebuilder = new RequestRebuilder(settings.topics().requests().name(),
                settings.topics().outbound().name(), options.maxReplays());
        ReplaySummary summary = new ReplaySummary(options.dryRun());
        try (KafkaProducer<byte[], byte[]> producer = options.dryRun() ? null : producer(client)) {
            // After initTransactions: a crashed run's open transaction is aborted and cannot hide ledger entries.
            ReplayLedger ledger = ReplayLedger.load(client, settings.replayedTopic());
            try (BoundedRead read = new BoundedRead(client, settings.topics().deadLetters().name())) {
                read.forEachBatch(batch -> {
                    List<Letter> ready = new ArrayList<>();
                    List<Conversion.Ready> requests = new ArrayList<>();
                    for (ConsumerRecord<byte[], byte[]> record : batch) {
                        Letter letter = new Letter(record);
                        summary.read();
                        if (!filter.matches(letter)) {
                            continue;
                        }
                        summary.matched();
                        if (ledger.contains(letter)) {
                            summary.alreadyReplayed();
                            continue;
                        }
                        Conversion conversion = rebuilder.rebuild(letter);
                        if (conversion instanceof Conversion.Refused refused) {
                            summary.refused(refused.cause());
                            out.println("refused " + describe(letter) + ": " + refused.detail());
                        } else if (options.dryRun()) {
                            summary.replayed(letter);
                            out.println("would replay " + describe(letter));
                        } else {
                            ready.add(letter);
                            requests.add((Conversion.Ready) conversion);
                        }
                    }
                    if (!ready.isEmpty()) {
                        publish(producer, ledger, ready, requests);
                        ready.forEach(summary::replayed);
                    }
                    progress.update(summary.readCount(), read.total());
                });
            }
        } finally {
            progress.finish();
        }
        return summary;
    }

    private void publish(KafkaProducer<byte[], byte[]> producer, ReplayLedger ledger, List<Letter> letters,
            List<Conversion.Ready> requests) {
        producer.beginTransaction();
        try {
            for (int i = 0; i < letters.size(); i++) {
                producer.send(requests.get(i).request());
                producer.send(ledger.entry(letters.get(i), clock.instant()));
            }
            producer.commitTransaction();
        } catch (RuntimeException e) {
            abortQuietly(producer, e);
            throw e;
        }
    }

    private static void abortQuietly(KafkaProducer<byte[], byte[]> producer, RuntimeException cause) {
        try {
            producer.abortTransaction();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private static String describe(Letter letter) {
        return letter.position() + " reason=" + letter.reason() + " tenant=" + letter.tenant().orElse("-")
                + " failed_at=" + letter.failedAt();
    }

    private KafkaProducer<byte[], byte[]> producer(Properties client) {
        Properties properties = new Properties();
        properties.putAll(client);
        properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId());
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties, new ByteArraySerializer(),
                new ByteArraySerializer());
        producer.initTransactions();
        return producer;
    }
}
