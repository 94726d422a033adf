package io.clayenrichment.enrichment.topology;

import io.clayenrichment.common.schema.EnrichmentResult;

/**
 * Everything the per-tenant decision needs, on the one repartition topic keyed by tenant: a request,
 * a Clay result, or a dispatcher's failure. Exactly one of the three is set. Sharing one topic keeps
 * the three co-partitioned by construction and ordered per tenant.
 */
public record TenantEvent(RequestEnvelope request, EnrichmentResult result, DispatchFailure failure) {

    public static TenantEvent of(RequestEnvelope request) {
        return new TenantEvent(request, null, null);
    }

    public static TenantEvent of(EnrichmentResult result) {
        return new TenantEvent(null, result, null);
    }

    public static TenantEvent of(DispatchFailure failure) {
        return new TenantEvent(null, null, failure);
    }
}
