package io.clayenrichment.common.intake;

import io.clayenrichment.common.auth.TenantScope;
import io.clayenrichment.common.http.ErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether a caller's intake token may submit these items: each item's tenant (the default tenant when
 * it names none) must be in the token's scope. One item outside refuses them all, as any invalid item
 * does, so a batch is never published in part.
 */
public final class TenantCheck {

    /** Enough of the refused items and tenants to act on, without echoing a 500-item batch. */
    static final int NAMED_AT_MOST = 10;

    private TenantCheck() {}

    /** @throws RejectedRequest 403 {@code forbidden} naming the items outside the scope and their tenants */
    public static void requireInScope(TenantScope scope, List<IntakeItem> items) {
        List<Integer> outside = new ArrayList<>();
        Set<String> tenants = new LinkedHashSet<>();
        for (int i = 0; i < items.size(); i++) {
            if (!scope.allows(items.get(i).tenant())) {
                outside.add(i);
                tenants.add(items.get(i).tenant());
            }
        }
        if (!outside.isEmpty()) {
            boolean one = tenants.size() == 1;
            throw RejectedRequest.forItems(ErrorCode.FORBIDDEN, outside, (one ? "tenant " : "tenants ")
                    + named(tenants.stream().map(t -> "'" + t + "'").toList()) + (one ? " is" : " are")
                    + " not among the tenants of this intake token; nothing was published");
        }
    }

    /**
     * The same check for a body that holds one request (the synchronous API): the detail names no item.
     *
     * @throws RejectedRequest 403 {@code forbidden} naming the request's tenant
     */
    public static void requireInScope(TenantScope scope, IntakeItem request) {
        try {
            requireInScope(scope, List.of(request));
        } catch (RejectedRequest e) {
            throw e.withoutIndex();
        }
    }

    /** The first {@link #NAMED_AT_MOST} names, comma-separated, and how many more there are. */
    static String named(List<String> names) {
        String shown = names.stream().limit(NAMED_AT_MOST).collect(Collectors.joining(", "));
        return names.size() <= NAMED_AT_MOST ? shown : shown + " and " + (names.size() - NAMED_AT_MOST) + " more";
    }
}
