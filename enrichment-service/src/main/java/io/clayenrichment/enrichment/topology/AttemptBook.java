package io.clayenrichment.enrichment.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The attempts of one decider task: those in flight (one per tenant and contact, with their waiting
 * duplicates and deadlines), and the reservations of ended attempts still held until their rows'
 * fate is known ({@link OpenReservation}, by tenant and correlation id).
 */
final class AttemptBook {

    /** Held reservations examined per punctuation for their end, to keep each punctuation short. */
    static final int HELD_SCAN_BATCH = 1000;

    private final KeyValueStore<String, Attempt> attempts;
    private final KeyValueStore<String, Waiter> waiters;
    private final KeyValueStore<String, OpenReservation> held;
    private final int maxWaiters;
    private final DeadlineIndex deadlines = new DeadlineIndex();
    private String heldCursor;
    /** Held reservations in the store, counted once at start: RocksDB's own count is an estimate. */
    private long heldCount;

    AttemptBook(KeyValueStore<String, Attempt> attempts, KeyValueStore<String, Waiter> waiters,
            KeyValueStore<String, OpenReservation> held, int maxWaiters) {
        this.attempts = attempts;
        this.waiters = waiters;
        this.held = held;
        this.maxWaiters = maxWaiters;
        try (KeyValueIterator<String, Attempt> all = attempts.all()) {
            all.forEachRemaining(entry -> deadlines.add(entry.key, entry.value.deadlineMs()));
        }
        try (KeyValueIterator<String, OpenReservation> all = held.all()) {
            while (all.hasNext()) {
                all.next();
                heldCount++;
            }
        }
    }

    /** The attempt in flight for a contact ({@link TenantKeys#contact}), or null. */
    Attempt inFlight(String contactStoreKey) {
        return attempts.get(contactStoreKey);
    }

    /** Whether an attempt is in flight for the contact, from memory (no store read, nothing deserialised). */
    boolean isInFlight(String contactStoreKey) {
        return deadlines.contains(contactStoreKey);
    }

    void start(String contactStoreKey, Attempt attempt) {
        attempts.put(contactStoreKey, attempt);
        deadlines.add(contactStoreKey, attempt.deadlineMs());
    }

    void update(String contactStoreKey, Attempt attempt) {
        attempts.put(contactStoreKey, attempt);
    }

    /** Adds a duplicate to the attempt's waiters; false when {@code MAX_WAITERS_PER_CONTACT} already wait. */
    boolean join(String contactStoreKey, Attempt attempt, Waiter waiter) {
        if (attempt.waiterCount() >= maxWaiters) {
            return false;
        }
        waiters.put(attempt.waiterKey(contactStoreKey, attempt.waiterCount()), waiter);
        attempts.put(contactStoreKey, attempt.withOneMoreWaiter());
        return true;
    }

    /** Ends the attempt and takes the requests that waited for it, in arrival order. */
    List<Waiter> close(String contactStoreKey, Attempt attempt) {
        attempts.delete(contactStoreKey);
        deadlines.remove(contactStoreKey);
        List<Waiter> waiting = new ArrayList<>(attempt.waiterCount());
        for (int i = 0; i < attempt.waiterCount(); i++) {
            Waiter waiter = waiters.delete(attempt.waiterKey(contactStoreKey, i));
            if (waiter != null) {
                waiting.add(waiter);
            }
        }
        return waiting;
    }

    /** Contacts whose attempt's deadline has passed, earliest first. */
    List<String> pastDeadline(long nowMs) {
        return deadlines.expired(nowMs);
    }

    /** Forgets a deadline whose attempt is gone (or cannot be handled), so it is not looked at again. */
    void forgetDeadline(String contactStoreKey) {
        deadlines.remove(contactStoreKey);
    }

    int inFlightCount() {
        return deadlines.size();
    }

    OptionalLong earliestDeadline() {
        return deadlines.earliestDeadline();
    }

    void hold(String tenant, String correlationId, OpenReservation reservation) {
        String key = TenantKeys.contact(tenant, correlationId);
        if (held.get(key) == null) {
            heldCount++;
        }
        held.put(key, reservation);
    }

    /** The held reservation of an ended attempt, or null. */
    OpenReservation held(String tenant, String correlationId) {
        return correlationId == null ? null : held.get(TenantKeys.contact(tenant, correlationId));
    }

    void forgetHeld(String tenant, String correlationId) {
        if (held.delete(TenantKeys.contact(tenant, correlationId)) != null) {
            heldCount--;
        }
    }

    long heldCount() {
        return heldCount;
    }

    /** A held reservation whose time is up, with its tenant and correlation id. */
    record Due(String tenant, String correlationId, OpenReservation reservation) {}

    /**
     * Held reservations whose {@code keepUntilMs} has passed, among the next {@link #HELD_SCAN_BATCH}
     * entries of a round-robin walk of the store.
     */
    List<Due> heldPastKeep(long nowMs) {
        List<Due> due = new ArrayList<>();
        try (KeyValueIterator<String, OpenReservation> entries = held.range(heldCursor, null)) {
            for (int scanned = 0; scanned < HELD_SCAN_BATCH && entries.hasNext(); scanned++) {
                KeyValue<String, OpenReservation> entry = entries.next();
                if (entry.value.keepUntilMs() <= nowMs) {
                    int split = entry.key.indexOf(TenantKeys.SEPARATOR);
                    due.add(new Due(entry.key.substring(0, split), entry.key.substring(split + 1), entry.value));
                }
            }
            heldCursor = entries.hasNext() ? entries.peekNextKey() : null;
        }
        return due;
    }
}
