package io.clayenrichment.receiver.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code clay.enrichment.intake.requests}: requests accepted through the HTTP intake are counted one
 * per item (outcome=accepted, status=202); refused calls one per call (outcome=rejected|unavailable).
 */
public final class IntakeMetrics {

    public enum Outcome { ACCEPTED, REJECTED, UNAVAILABLE }

    private final MeterRegistry registry;
    // Counted on the Kafka producer's I/O thread: look a counter up, do not rebuild it.
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public IntakeMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void count(Outcome outcome, int status, int amount) {
        String tag = outcome.name().toLowerCase(Locale.ROOT);
        counters.computeIfAbsent(tag + status, key -> Counter.builder("clay.enrichment.intake.requests")
                .description("intake requests accepted (per item) and intake calls refused, by outcome and HTTP status")
                .tag("outcome", tag)
                .tag("status", Integer.toString(status))
                .register(registry))
                .increment(amount);
    }
}
