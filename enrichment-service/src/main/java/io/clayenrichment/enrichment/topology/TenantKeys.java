package io.clayenrichment.enrichment.topology;

import io.clayenrichment.enrichment.budget.Period;

/**
 * Store keys that start with the tenant. The separator is a control character, which a valid tenant
 * never contains (see {@link RequestIntake}), so "a"+"b␟c" and "a␟b"+"c" cannot collide.
 */
public final class TenantKeys {

    public static final char SEPARATOR = '\u001f';

    private TenantKeys() {}

    public static String contact(String tenant, String contactKey) {
        return tenant + SEPARATOR + contactKey;
    }

    public static String period(String tenant, Period period, String periodId) {
        return tenant + SEPARATOR + period.wire() + SEPARATOR + periodId;
    }

    /** The tenant a key starts with. */
    public static String tenantOf(String key) {
        int at = key.indexOf(SEPARATOR);
        return at < 0 ? key : key.substring(0, at);
    }

    /** The period id a spend key ends with. */
    public static String periodIdOf(String spendKey) {
        return spendKey.substring(spendKey.lastIndexOf(SEPARATOR) + 1);
    }

    public static boolean hasControlCharacters(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }
}
