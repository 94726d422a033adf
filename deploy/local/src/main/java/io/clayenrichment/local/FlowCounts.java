package io.clayenrichment.local;

import java.util.Map;
import java.util.TreeMap;

/** What the demo shows: how many requests went where, and what Clay charged each tenant. */
final class FlowCounts {

    long requests;
    long sentToClay;
    long enriched;
    long notFound;
    long servedFromCache;
    final Map<String, Long> deadLettersByReason = new TreeMap<>();
    final Map<String, Double> creditsByTenant = new TreeMap<>();

    synchronized FlowCounts copy() {
        FlowCounts copy = new FlowCounts();
        copy.requests = requests;
        copy.sentToClay = sentToClay;
        copy.enriched = enriched;
        copy.notFound = notFound;
        copy.servedFromCache = servedFromCache;
        copy.deadLettersByReason.putAll(deadLettersByReason);
        copy.creditsByTenant.putAll(creditsByTenant);
        return copy;
    }

    long deadLetters() {
        return deadLettersByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Requests that reached an outcome: a Clay result, a cache answer or a dead letter. */
    long outcomes() {
        return enriched + notFound + servedFromCache + deadLetters();
    }

    String line() {
        StringBuilder line = new StringBuilder();
        line.append(String.format("requests %d | sent to Clay %d | enriched %d (not found %d) | from cache %d | "
                + "dead letters %d", requests, sentToClay, enriched + notFound, notFound, servedFromCache,
                deadLetters()));
        if (!deadLettersByReason.isEmpty()) {
            line.append(' ').append(deadLettersByReason);
        }
        if (!creditsByTenant.isEmpty()) {
            line.append(" | credits ");
            creditsByTenant.forEach((tenant, credits) -> line.append(tenant).append('=')
                    .append(credits % 1 == 0 ? Long.toString(credits.longValue()) : credits.toString()).append(' '));
        }
        return line.toString().strip();
    }
}
