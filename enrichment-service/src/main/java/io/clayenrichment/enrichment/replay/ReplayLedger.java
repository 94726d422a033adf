package io.clayenrichment.enrichment.replay;

import io.clayenrichment.common.topics.Topic;
import io.clayenrichment.enrichment.topics.ServiceTopics;
import java.time.Instant;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What earlier runs replayed: the compacted topic keyed by {@code <partition>:<offset>} of the dead
 * letter. Only committed entries count, so a replay whose transaction aborted is replayed again.
 */
final class ReplayLedger {

    private final Topic<String, ReplayMark> topic;
    private final Set<String> replayed = new HashSet<>();

    private ReplayLedger(String topic) {
        this.topic = ServiceTopics.REPLAYED.named(topic);
    }

    static ReplayLedger load(Properties clientProperties, String topic) {
        ReplayLedger ledger = new ReplayLedger(topic);
        try (BoundedRead read = new BoundedRead(clientProperties, topic)) {
            read.forEachBatch(batch -> batch.forEach(record -> {
                if (record.key() != null && record.value() != null) {
                    ledger.replayed.add(ledger.topic.keySerde().deserializer().deserialize(topic, record.key()));
                }
            }));
        }
        return ledger;
    }

    boolean contains(Letter letter) {
        return replayed.contains(letter.position());
    }

    ProducerRecord<byte[], byte[]> entry(Letter letter, Instant replayedAt) {
        return topic.serialized(letter.position(), new ReplayMark(replayedAt.toString(), letter.reason(),
                letter.replayCount() + 1));
    }
}
