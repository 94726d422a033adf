package io.clayenrichment.receiver.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@code clay.enrichment.callbacks}: every answered callback by outcome and HTTP status code. */
public final class CallbackMetrics {

    public enum Outcome {
        ACCEPTED, DUPLICATE, REJECTED, UNAVAILABLE;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    // Answers are counted on the Kafka producer's I/O thread: look a counter up, do not rebuild it.
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public CallbackMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void count(Outcome outcome, int status) {
        counters.computeIfAbsent(outcome.tag() + status, key -> Counter.builder("clay.enrichment.callbacks")
                .description("callbacks answered, by outcome and HTTP status")
                .tag("outcome", outcome.tag())
                .tag("status", Integer.toString(status))
                .register(registry))
                .increment();
    }
}
