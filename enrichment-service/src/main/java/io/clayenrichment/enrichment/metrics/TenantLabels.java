package io.clayenrichment.enrichment.metrics;

import io.clayenrichment.common.schema.Tenants;
import io.clayenrichment.enrichment.tenants.TenantSettings;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code tenant} label of a per-tenant metric, from a set bounded whatever names producers send:
 * each known tenant by name and every other tenant as {@value Tenants#OTHER_LABEL} (a name no tenant
 * may have). With no known tenants, the first {@code METRICS_MAX_TENANTS} distinct tenants this
 * instance sees keep their names, for as long as it runs, and the rest share {@value Tenants#OTHER_LABEL}.
 */
public final class TenantLabels {

    /** The label of records with no readable tenant; one label, so it needs no bound. */
    public static final String UNATTRIBUTED = "unknown";

    private static final Logger LOG = LoggerFactory.getLogger(TenantLabels.class);

    private final Set<String> known;
    private final int maxNamed;
    private final Set<String> named = ConcurrentHashMap.newKeySet();
    private boolean capLogged;

    public TenantLabels(TenantSettings settings) {
        this.known = settings.known();
        this.maxNamed = settings.metricsMaxTenants();
    }

    public String of(String tenant) {
        return hasOwnLabel(tenant) ? tenant : Tenants.OTHER_LABEL;
    }

    /** Whether {@code tenant} is counted under its own name (and so may have gauges of its own). */
    public boolean hasOwnLabel(String tenant) {
        if (UNATTRIBUTED.equals(tenant)) {
            return true;
        }
        if (!known.isEmpty()) {
            return known.contains(tenant);
        }
        return named.contains(tenant) || nameIfRoom(tenant);
    }

    private synchronized boolean nameIfRoom(String tenant) {
        if (named.contains(tenant)) {
            return true;
        }
        if (named.size() < maxNamed) {
            named.add(tenant);
            return true;
        }
        if (!capLogged) {
            capLogged = true;
            LOG.warn("METRICS_MAX_TENANTS={} tenants have metric labels of their own: from tenant '{}' on, other"
                    + " tenants are counted under tenant=\"{}\" (list tenants in KNOWN_TENANTS to choose which are"
                    + " named)", maxNamed, tenant, Tenants.OTHER_LABEL);
        }
        return false;
    }
}
