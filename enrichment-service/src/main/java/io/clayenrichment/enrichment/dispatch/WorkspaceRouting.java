package io.clayenrichment.enrichment.dispatch;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which Clay workspaces may take a tenant's rows: the workspaces that name the tenant, or, for a
 * tenant none names, those with {@code *}. A tenant that several workspaces take is spread over
 * them: each row goes to whichever has a token first.
 */
final class WorkspaceRouting<W> {

    private final List<W> all;
    private final Map<String, List<W>> named = new HashMap<>();
    private final List<W> everyOther;

    /** @param channels the workspaces' senders, in the order of {@code workspaces} (settings checked already) */
    WorkspaceRouting(List<ClayWorkspace> workspaces, List<W> channels) {
        this.all = List.copyOf(channels);
        Map<String, List<W>> byTenant = new HashMap<>();
        List<W> others = new java.util.ArrayList<>();
        for (int i = 0; i < workspaces.size(); i++) {
            W channel = channels.get(i);
            workspaces.get(i).tenants().forEach(tenant -> byTenant.computeIfAbsent(tenant,
                    t -> new java.util.ArrayList<>()).add(channel));
            if (workspaces.get(i).everyOtherTenant()) {
                others.add(channel);
            }
        }
        byTenant.forEach((tenant, list) -> named.put(tenant, List.copyOf(list)));
        this.everyOther = List.copyOf(others);
    }

    /** The workspaces that may take {@code tenant}'s rows; empty when none does. */
    List<W> candidatesFor(String tenant) {
        return named.getOrDefault(tenant, everyOther);
    }

    List<W> all() {
        return all;
    }
}
