package io.clayenrichment.sandbox.stats;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;

/**
 * The sandbox's counts as Micrometer meters, for a Prometheus scrape of the local stack. Unlike
 * {@link SandboxStats} they are never reset: Prometheus counters only go up.
 */
public final class SandboxMetrics {

    static final String PREFIX = "clay.enrichment.sandbox.";

    private final MeterRegistry registry;

    public SandboxMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** {@code pending} is read at each scrape. */
    public void gaugePending(Supplier<Number> pending) {
        Gauge.builder(PREFIX + "callbacks.pending", pending)
                .description("rows whose enrichment or callback is still to come")
                .register(registry);
    }

    void webhookAnswered(int status, String workspace) {
        Counter.builder(PREFIX + "webhook.requests")
                .description("webhook requests by answer status and workspace; 200 accepted the row")
                .tag("status", Integer.toString(status)).tag("workspace", workspace)
                .register(registry)
                .increment();
    }

    void enriched(String status) {
        Counter.builder(PREFIX + "rows.enriched").description("rows enriched, by result status")
                .tag("status", status).register(registry).increment();
    }

    void credits(String tenant, double credits) {
        Counter.builder(PREFIX + "credits.charged").description("credits Clay would have charged")
                .tag("tenant", tenant).register(registry).increment(credits);
    }

    /** {@code outcome}: sent, failed, lost, duplicated or retried. */
    void callback(String outcome) {
        Counter.builder(PREFIX + "callbacks").description("callback deliveries and the fates of callbacks")
                .tag("outcome", outcome).register(registry).increment();
    }
}
