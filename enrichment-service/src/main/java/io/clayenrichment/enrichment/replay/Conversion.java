package io.clayenrichment.enrichment.replay;

import org.apache.kafka.clients.producer.ProducerRecord;

/** What replaying one dead letter would send, or why it must not be replayed. */
sealed interface Conversion {

    record Ready(ProducerRecord<byte[], byte[]> request) implements Conversion {}

    /** @param cause a short, stable label for the summary; @param detail the full message */
    record Refused(String cause, String detail) implements Conversion {}
}
