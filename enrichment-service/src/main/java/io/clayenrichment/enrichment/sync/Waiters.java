package io.clayenrichment.enrichment.sync;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The requests whose callers are waiting on this instance, by tenant and request id: request ids are
 * the producers' own, so two tenants may well use the same one at once, and each caller must get its
 * own tenant's answer. Once the row of a request went to Clay, its attempt's correlation id (unique,
 * made by the topology) finds the waiter too. Bounded: one more than the limit is refused, so a flood
 * of slow calls cannot exhaust memory or connections.
 */
public final class Waiters {

    /** What a waiting call is known by: its tenant (exact, case counts) and its request id. */
    public record Key(String tenant, String requestId) {}

    /** One waiting call: completes with its outcome; learns the attempt's correlation id on the way. */
    public static final class Waiter {
        private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        private volatile String correlationId;

        public CompletableFuture<Outcome> outcome() {
            return outcome;
        }

        /** The correlation id of the attempt sent to Clay for this request, once its row was seen. */
        public Optional<String> correlationId() {
            return Optional.ofNullable(correlationId);
        }
    }

    private final ConcurrentMap<Key, Waiter> byRequest = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Waiter> byCorrelationId = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private final int limit;

    public Waiters(int limit) {
        this.limit = limit;
    }

    /**
     * Registers a waiter for {@code key}; empty when the limit is reached or a call of the same tenant
     * is already waiting for the same request id (their outcomes could not be told apart).
     */
    public Optional<Waiter> register(Key key) {
        if (count.incrementAndGet() > limit) {
            count.decrementAndGet();
            return Optional.empty();
        }
        Waiter waiter = new Waiter();
        if (byRequest.putIfAbsent(key, waiter) != null) {
            count.decrementAndGet();
            return Optional.empty();
        }
        return Optional.of(waiter);
    }

    public boolean isWaiting(Key key) {
        return byRequest.containsKey(key);
    }

    /** Ends the wait for {@code key} (answered, timed out or abandoned). */
    public void remove(Key key) {
        Waiter waiter = byRequest.remove(key);
        if (waiter != null) {
            count.decrementAndGet();
            if (waiter.correlationId != null) {
                byCorrelationId.remove(waiter.correlationId, waiter);
            }
        }
    }

    public boolean isEmpty() {
        return byRequest.isEmpty();
    }

    public int size() {
        return count.get();
    }

    public int limit() {
        return limit;
    }

    /**
     * Ends every wait now without an outcome (the service is stopping): each call is answered 202 with
     * its ids while the HTTP server still runs; the requests themselves go on.
     */
    public void releaseAll() {
        byRequest.values().forEach(waiter -> waiter.outcome.complete(null));
    }

    /**
     * Completes the waiter of the attempt {@code correlationId} names, else the one of {@code key}.
     *
     * @param key null when the outcome does not say its tenant and request id: then only the
     *     correlation id can match it
     */
    void complete(String correlationId, Key key, Outcome outcome) {
        Waiter waiter = correlationId == null ? null : byCorrelationId.get(correlationId);
        if (waiter == null && key != null) {
            waiter = byRequest.get(key);
        }
        if (waiter != null) {
            waiter.outcome.complete(outcome);
        }
    }

    /** The row of {@code key}'s request went to Clay as the attempt {@code correlationId}. */
    void sentToClay(Key key, String correlationId) {
        Waiter waiter = byRequest.get(key);
        if (waiter != null && correlationId != null) {
            String earlier = waiter.correlationId;
            waiter.correlationId = correlationId;
            byCorrelationId.put(correlationId, waiter);
            if (earlier != null && !earlier.equals(correlationId)) {
                byCorrelationId.remove(earlier, waiter);
            }
            if (byRequest.get(key) != waiter) {
                byCorrelationId.remove(correlationId, waiter); // the wait ended meanwhile
            }
        }
    }

    /** Whether an outcome carrying {@code correlationId} (or nothing, when null) or {@code key} may be someone's. */
    boolean isWaiting(String correlationId, Key key) {
        return (correlationId != null && byCorrelationId.containsKey(correlationId))
                || (key != null && byRequest.containsKey(key));
    }
}
