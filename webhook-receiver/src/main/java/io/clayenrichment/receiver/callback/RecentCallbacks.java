package io.clayenrichment.receiver.callback;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The callbacks accepted recently, as correlation id to a digest of the body, bounded to the
 * {@code capacity} least recently seen. Clay re-sends callbacks; a re-sent body need not be published
 * twice. A different body under the same correlation id is new data and is not a duplicate.
 */
public final class RecentCallbacks {

    private final Map<String, byte[]> digests;

    public RecentCallbacks(int capacity) {
        this.digests = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Whether the callback {@code correlationId} with this body digest was accepted recently. */
    public synchronized boolean isDuplicate(String correlationId, byte[] bodyDigest) {
        return Arrays.equals(digests.get(correlationId), bodyDigest);
    }

    /** Remembers an accepted callback; call only once Kafka has acknowledged it. */
    public synchronized void accepted(String correlationId, byte[] bodyDigest) {
        digests.put(correlationId, bodyDigest);
    }
}
