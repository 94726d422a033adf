package io.clayenrichment.helm;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The metrics the services export, in Prometheus form, with their labels. Built from the names the
 * shared brief agrees on; {@link #series()} is the single place to switch to names and tags read from
 * the services' registries (Micrometer: {@code registry.getMeters()}, each id's name and tag keys).
 */
final class ExportedMetrics {

    private ExportedMetrics() {}

    /** Every exported series name. */
    static Set<String> names() {
        return series().keySet();
    }

    /** Every exported series name, with the labels it carries. */
    static Map<String, Set<String>> series() {
        Map<String, Set<String>> names = new TreeMap<>();
        // webhook-receiver
        counter(names, "clay.enrichment.callbacks", "outcome", "status");
        timer(names, "clay.enrichment.callback.publish");
        counter(names, "clay.enrichment.intake.requests");
        // enrichment-service
        counter(names, "clay.enrichment.requests", "tenant", "route", "reason");
        counter(names, "clay.enrichment.dead.letters", "reason", "tenant");
        counter(names, "clay.enrichment.credits.reserved", "tenant");
        counter(names, "clay.enrichment.credits.settled", "tenant");
        counter(names, "clay.enrichment.credits.refunded", "tenant");
        gauge(names, "clay.enrichment.credits.remaining", "tenant", "period");
        gauge(names, "clay.enrichment.budget.breaker.state", "tenant");
        gauge(names, "clay.enrichment.pending.results");
        gauge(names, "clay.enrichment.pending.oldest.age");
        timer(names, "clay.enrichment.result.latency");
        // Clay dispatcher
        counter(names, "clay.enrichment.clay.rows", "outcome", "status");
        timer(names, "clay.enrichment.clay.latency");
        gauge(names, "clay.enrichment.clay.tokens.available");
        gauge(names, "clay.enrichment.clay.breaker.state");
        gauge(names, "clay.enrichment.clay.url.submissions.left", "url_index");
        return names;
    }

    private static String prometheus(String micrometerName) {
        return micrometerName.replace('.', '_');
    }

    private static void counter(Map<String, Set<String>> names, String name, String... labels) {
        names.put(prometheus(name) + "_total", Set.of(labels));
    }

    private static void gauge(Map<String, Set<String>> names, String name, String... labels) {
        names.put(prometheus(name), Set.of(labels));
    }

    /** A Micrometer timer with a histogram: seconds buckets (label le), count, sum and max. */
    private static void timer(Map<String, Set<String>> names, String name, String... labels) {
        String base = prometheus(name) + "_seconds";
        names.put(base + "_bucket", Set.copyOf(withLe(labels)));
        names.put(base + "_count", Set.of(labels));
        names.put(base + "_sum", Set.of(labels));
        names.put(base + "_max", Set.of(labels));
    }

    private static Set<String> withLe(String... labels) {
        var all = new java.util.HashSet<>(Set.of(labels));
        all.add("le");
        return all;
    }
}
