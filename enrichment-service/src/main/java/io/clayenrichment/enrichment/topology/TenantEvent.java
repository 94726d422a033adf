package io.clayenrichment.enrichment.topology;

import io.clayenrichment.common.schema.DispatchReceipt;
import io.clayenrichment.common.schema.EnrichmentResult;

/**
 * Everything the per-tenant decision reads, on the one repartition topic keyed by tenant: a request,
 * a Clay result, or the dispatcher's receipt for a row. Sharing one topic keeps the three
 * co-partitioned by construction and ordered per tenant.
 */
public sealed interface TenantEvent permits RequestEnvelope, TenantEvent.ClayResult, TenantEvent.RowReceipt,
        TenantEvent.WorkspaceGrant {

    /** A result from {@code enriched.contacts} that Clay sent (cache answers are not read back). */
    record ClayResult(EnrichmentResult result) implements TenantEvent {}

    /** What the dispatcher did with a row of one of the tenant's attempts. */
    record RowReceipt(DispatchReceipt receipt) implements TenantEvent {}

    /** The workspace budget owner's answer to this task's ask for a lease (on the grants topic, not by tenant). */
    record WorkspaceGrant(LeaseGrant grant) implements TenantEvent {}

    static TenantEvent of(RequestEnvelope request) {
        return request;
    }

    static TenantEvent of(EnrichmentResult result) {
        return new ClayResult(result);
    }

    static TenantEvent of(DispatchReceipt receipt) {
        return new RowReceipt(receipt);
    }
}
