package io.clayenrichment.enrichment.contacts;

import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.auth.TenantScope;
import java.util.Optional;

/**
 * A contact's latest result as a caller may see it: only results of the tenants in the caller's
 * scope. How results are kept per tenant is the implementation's business, so a change of the store
 * (one result per tenant and contact) stays behind this interface.
 */
public interface ContactLookup {

    /**
     * @param key a canonical contact key ({@link LookupKey#canonical})
     * @param partition the key's partition of the contacts store, held here
     * @param scope the tenants the caller may read
     * @return the latest result of a tenant in {@code scope}; empty when there is none the caller may see
     */
    Optional<EnrichmentResult> find(String key, int partition, TenantScope scope);
}
