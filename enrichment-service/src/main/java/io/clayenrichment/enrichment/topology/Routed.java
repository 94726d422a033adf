package io.clayenrichment.enrichment.topology;

import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.schema.OutboundRow;

/** What a processor of the topology emits: exactly one of a row for Clay, a result, a dead letter or an event. */
public record Routed(OutboundRow outbound, EnrichmentResult result, DeadLetter deadLetter, TenantEvent event) {

    public static Routed outbound(OutboundRow row) {
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
