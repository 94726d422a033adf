package io.clayenrichment.enrichment.topology;

import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.schema.ResultSource;
import io.clayenrichment.common.schema.ResultStatus;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the {@link StoreNames#CONTACTS} store: per contact key, the latest successful Clay result by
 * {@code received_at}, for {@code GET /v1/contacts/{contact_key}}. Results arrive keyed by contact key,
 * so the store is partitioned like {@code enriched.contacts} and needs no repartition.
 */
final class LatestContactResult implements Processor<String, EnrichmentResult, Void, Void> {

    private KeyValueStore<String, EnrichmentResult> contacts;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        contacts = context.getStateStore(StoreNames.CONTACTS);
    }

    @Override
    public void process(Record<String, EnrichmentResult> record) {
        EnrichmentResult candidate = record.value();
        if (!isStorable(record.key(), candidate)) {
            return;
        }
        if (replaces(contacts.get(record.key()), candidate)) {
            contacts.put(record.key(), candidate);
        }
    }

    /**
     * Only a Clay success stored under its own contact key counts: a cache answer is a copy of a Clay
     * result already folded in (it must never displace a newer one); not_found and error carry no data
     * worth showing over an earlier success; a record keyed by correlation id has no contact.
     */
    static boolean isStorable(String key, EnrichmentResult result) {
        return key != null && result != null && key.equals(result.contactKey())
                && result.source() == ResultSource.CLAY && result.status() == ResultStatus.SUCCESS;
    }

    /** Whether {@code candidate} (storable) is newer than {@code current}; ties keep the first arrival. */
    static boolean replaces(EnrichmentResult current, EnrichmentResult candidate) {
        if (current == null) {
            return true;
        }
        Instant was = current.receivedAt();
        Instant now = candidate.receivedAt();
        return now != null && (was == null || now.isAfter(was));
    }
}
