package io.clayenrichment.common.auth;

import java.util.Collection;
import java.util.Set;

/**
 * The tenants a token may act for: every tenant (the operator token, a token without a scope) or a
 * fixed set (a scoped token, {@code token:acme|beta}). Read tokens see only these tenants' data; intake
 * tokens submit requests only for them. Tenant names are compared exactly, case included, as they are
 * everywhere else (store keys, budgets): {@code Acme} does not see {@code acme}.
 */
public sealed interface TenantScope {

    TenantScope ALL = new All();

    static TenantScope only(Collection<String> tenants) {
        return new Only(Set.copyOf(tenants));
    }

    /** Whether the caller may act for {@code tenant}; a result without a tenant belongs to no scope. */
    boolean allows(String tenant);

    /** Every tenant. */
    record All() implements TenantScope {
        @Override
        public boolean allows(String tenant) {
            return true;
        }
    }

    /** These tenants and no other. */
    record Only(Set<String> tenants) implements TenantScope {
        public Only {
            tenants = Set.copyOf(tenants);
            if (tenants.isEmpty()) {
                throw new IllegalArgumentException("a scope names at least one tenant");
            }
        }

        @Override
        public boolean allows(String tenant) {
            return tenant != null && tenants.contains(tenant);
        }
    }
}
