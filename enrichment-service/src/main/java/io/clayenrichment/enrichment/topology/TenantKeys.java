package io.clayenrichment.enrichment.topology;

/**
 * Store keys that start with the tenant. The separator is a control character, which a valid tenant
 * never contains (see {@link io.clayenrichment.common.schema.Tenants}), so "a"+"b␟c" and "a␟b"+"c" cannot collide.
 */
public final class TenantKeys {

    public static final char SEPARATOR = '\u001f';

    private TenantKeys() {}

    public static String contact(String tenant, String contactKey) {
        return tenant + SEPARATOR + contactKey;
    }
}
