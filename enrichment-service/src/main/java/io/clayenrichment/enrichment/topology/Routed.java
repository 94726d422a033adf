package io.clayenrichment.enrichment.topology;

import io.clayenrichment.common.schema.EnrichmentResult;

/**
 * What a processor of the topology emits: exactly one of a row for Clay (as the JSON bytes of an
 * {@link io.clayenrichment.common.schema.OutboundRow}), a result, a dead letter or an event.
 */
public record Routed(byte[] outbound, EnrichmentResult result, DeadLetter deadLetter, TenantEvent event) {

    public static Routed outbound(byte[] row) {
        return new Routed(row, null, null, null);
    }

    public static Routed result(EnrichmentResult result) {
        return new Routed(null, result, null, null);
    }

    public static Routed deadLetter(DeadLetter deadLetter) {
        return new Routed(null, null, deadLetter, null);
    }

    public static Routed event(TenantEvent event) {
        return new Routed(null, null, null, event);
    }
}
