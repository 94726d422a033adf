package io.clayenrichment.enrichment.replay;

import io.clayenrichment.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What earlier runs replayed: the compacted topic keyed by {@code <partition>:<offset>} of the dead
 * letter. Only committed entries count, so a replay whose transaction aborted is replayed again.
 */
final class ReplayLedger {

    private final String topic;
    private final Set<String> replayed = new HashSet<>();

    private ReplayLedger(String topic) {
        this.topic = topic;
    }

    static ReplayLedger load(Properties clientProperties, String topic) {
        ReplayLedger ledger = new ReplayLedger(topic);
        try (BoundedRead read = new BoundedRead(clientProperties, topic)) {
            read.forEachBatch(batch -> batch.forEach(record -> {
                if (record.key() != null && record.value() != null) {
                    ledger.replayed.add(new String(record.key(), StandardCharsets.UTF_8));
                }
            }));
        }
        return ledger;
    }

    boolean contains(Letter letter) {
        return replayed.contains(letter.position());
    }

    ProducerRecord<byte[], byte[]> entry(Letter letter, Instant replayedAt) {
        byte[] value = Json.write(Map.of("replayed_at", replayedAt.toString(), "reason", letter.reason(),
                "replay_count", letter.replayCount() + 1));
        return new ProducerRecord<>(topic, letter.position().getBytes(StandardCharsets.UTF_8), value);
    }
}
