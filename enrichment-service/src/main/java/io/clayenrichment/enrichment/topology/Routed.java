package io.clayenrichment.enrichment.topology;

import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.schema.Priority;

/** What a processor of the topology emits; the topology splits on the kind. */
public sealed interface Routed {

    /**
     * A row for Clay, as the JSON bytes of an {@link io.clayenrichment.common.schema.OutboundRow}, for
     * the outbound topic of its lane.
     */
    record ToClay(byte[] row, Priority lane) implements Routed {}

    /** An answer from the freshness cache, for {@code enriched.contacts}. */
    record CacheAnswer(EnrichmentResult result) implements Routed {}

    /** A request's dead letter for {@code dlq.clay} (the dlq.* headers travel on the record). */
    record DeadLettered(DeadLetter letter) implements Routed {}

    /** A decider task's message to the owner of the workspace budget. */
    record ToWorkspace(LeaseUpdate update) implements Routed {}

    /** A valid request on its way to its tenant's task. */
    record Event(TenantEvent event) implements Routed {}

    /**
     * A Clay result that closed one of this service's attempts, with the attempt's own tenant and
     * contact key: the only results the contact lookups store keeps.
     */
    record Verified(EnrichmentResult result) implements Routed {}
}
