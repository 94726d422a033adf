package io.clayenrichment.enrichment.sync;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The requests whose callers are waiting on this instance, by request id. Bounded: one more than the
 * limit is refused, so a flood of slow calls cannot exhaust memory or connections.
 */
public final class Waiters {

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

    private final ConcurrentMap<String, Waiter> byRequestId = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private final int limit;

    public Waiters(int limit) {
        this.limit = limit;
    }

    /**
     * Registers a waiter for {@code requestId}; empty when the limit is reached or a call is already
     * waiting for the same id (its outcome could not be told apart).
     */
    public Optional<Waiter> register(String requestId) {
        if (count.incrementAndGet() > limit) {
            count.decrementAndGet();
            return Optional.empty();
        }
        Waiter waiter = new Waiter();
        if (byRequestId.putIfAbsent(requestId, waiter) != null) {
            count.decrementAndGet();
            return Optional.empty();
        }
        return Optional.of(waiter);
    }

    public boolean isWaiting(String requestId) {
        return byRequestId.containsKey(requestId);
    }

    /** Ends the wait for {@code requestId} (answered, timed out or abandoned). */
    public void remove(String requestId) {
        if (byRequestId.remove(requestId) != null) {
            count.decrementAndGet();
        }
    }

    public boolean isEmpty() {
        return byRequestId.isEmpty();
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
        byRequestId.values().forEach(waiter -> waiter.outcome.complete(null));
    }

    void complete(String requestId, Outcome outcome) {
        Waiter waiter = byRequestId.get(requestId);
        if (waiter != null) {
            waiter.outcome.complete(outcome);
        }
    }

    void sentToClay(String requestId, String correlationId) {
        Waiter waiter = byRequestId.get(requestId);
        if (waiter != null) {
            waiter.correlationId = correlationId;
        }
    }
}
