package io.clayenrichment.enrichment.tenants;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.config.SettingsException;
import io.clayenrichment.common.schema.Blank;
import io.clayenrichment.common.schema.Tenants;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which tenants the service knows, what it does with the others, and how many tenants metrics name
 * when none are known ({@code KNOWN_TENANTS}, {@code UNKNOWN_TENANTS}, {@code METRICS_MAX_TENANTS}).
 * Every tenant with its own budget in {@code CREDIT_BUDGETS} is known too. Names are compared exactly:
 * {@code Acme} is not {@code acme}.
 *
 * @param known the tenants listed by name; empty when none are
 * @param unknown what a request of any other tenant gets
 * @param metricsMaxTenants with no known tenants, how many distinct tenants an instance labels by name
 */
public record TenantSettings(Set<String> known, Unknown unknown, int metricsMaxTenants) {

    public static final int DEFAULT_METRICS_MAX_TENANTS = 100;

    /** Today's behaviour: every tenant is served, on the default budget unless it has its own. */
    public static final TenantSettings SERVE_ALL = new TenantSettings(Set.of(), Unknown.SERVE,
            DEFAULT_METRICS_MAX_TENANTS);

    /** What a tenant that is not known gets. */
    public enum Unknown {
        /** Served on the default budget. */
        SERVE,
        /** Dead-lettered as {@code unknown_tenant} at intake; the budget API answers 404 for it. */
        REFUSE;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public TenantSettings {
        known = Set.copyOf(known);
        if (unknown == Unknown.REFUSE && known.isEmpty()) {
            throw new IllegalArgumentException("refusing unknown tenants needs at least one known tenant");
        }
        if (metricsMaxTenants < 1) {
            throw new IllegalArgumentException("metricsMaxTenants must be at least 1");
        }
    }

    public boolean isKnown(String tenant) {
        return known.contains(tenant);
    }

    /** Whether a request of {@code tenant} is dead-lettered as {@code unknown_tenant}. */
    public boolean refuses(String tenant) {
        return unknown == Unknown.REFUSE && !known.contains(tenant);
    }

    /**
     * @param budgetTenants the tenants {@code CREDIT_BUDGETS} gives a budget of their own
     */
    public static TenantSettings fromEnv(Env env, Set<String> budgetTenants) {
        Set<String> known = new LinkedHashSet<>(parseKnown(env.raw("KNOWN_TENANTS")));
        for (String tenant : budgetTenants) {
            Tenants.problem(tenant).ifPresent(problem -> {
                throw new SettingsException("CREDIT_BUDGETS names an invalid tenant: " + unfielded(problem));
            });
            known.add(tenant);
        }
        Unknown unknown = unknown(env);
        if (unknown == Unknown.REFUSE && known.isEmpty()) {
            throw new SettingsException("UNKNOWN_TENANTS=refuse needs known tenants: list them in KNOWN_TENANTS"
                    + " (or give them budgets in CREDIT_BUDGETS), or every request would be refused");
        }
        return new TenantSettings(known, unknown,
                env.positiveInteger("METRICS_MAX_TENANTS", DEFAULT_METRICS_MAX_TENANTS));
    }

    /**
     * {@code acme, beta,Gamma}: comma-separated exact names, each stripped of surrounding white space as
     * tenants are wherever they enter the platform. Empty entries (a trailing comma) are skipped; a name
     * that is not a valid tenant, or one given twice, is refused.
     */
    static Set<String> parseKnown(String text) {
        Set<String> names = new LinkedHashSet<>();
        if (text == null) {
            return names;
        }
        String[] entries = text.split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            String tenant = Blank.strip(entries[i]);
            if (tenant.isEmpty()) {
                continue;
            }
            Optional<String> problem = Tenants.problem(tenant);
            if (problem.isPresent()) {
                throw new SettingsException("KNOWN_TENANTS entry " + (i + 1) + " is invalid: " + unfielded(problem.get()));
            }
            if (!names.add(tenant)) {
                throw new SettingsException("KNOWN_TENANTS names tenant '" + tenant + "' twice");
            }
        }
        return names;
    }

    private static Unknown unknown(Env env) {
        String value = env.string("UNKNOWN_TENANTS", Unknown.SERVE.wire());
        for (Unknown mode : Unknown.values()) {
            if (mode.wire().equalsIgnoreCase(value.strip())) {
                return mode;
            }
        }
        throw new SettingsException("UNKNOWN_TENANTS=" + value + " is invalid: expected serve or refuse");
    }

    private static String unfielded(String problem) {
        return problem.replace("field 'tenant': ", "");
    }
}
