package io.clayenrichment.enrichment.budget;

import io.clayenrichment.enrichment.topology.StoreNames;
import io.clayenrichment.enrichment.topology.TenantKeys;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Budgets as this instance sees them, through interactive queries on its local stores: the spend
 * store of the tasks it runs and the global store of operator changes. With several instances each
 * tenant's spend lives on one of them; another instance shows the limits with zero spend.
 */
public final class BudgetView {

    private final KafkaStreams streams;
    private final BudgetPolicy policy;

    public BudgetView(KafkaStreams streams, BudgetPolicy policy) {
        this.streams = streams;
        this.policy = policy;
    }

    public BudgetSnapshot snapshot(String tenant, Instant now) {
        return snapshotWith(tenant, override(tenant).orElse(null), now);
    }

    /** The budget as it is once {@code override} applies (before the global store has caught up with it). */
    public BudgetSnapshot snapshotWith(String tenant, BudgetOverride override, Instant now) {
        ReadOnlyKeyValueStore<String, Spend> spend = spendStore();
        String dayId = Period.DAY.idAt(now);
        String monthId = Period.MONTH.idAt(now);
        return policy.snapshot(tenant, policy.limitsFor(tenant, override),
                dayId, orNone(spend.get(TenantKeys.period(tenant, Period.DAY, dayId))),
                monthId, orNone(spend.get(TenantKeys.period(tenant, Period.MONTH, monthId))));
    }

    public Optional<BudgetOverride> override(String tenant) {
        return Optional.ofNullable(overridesStore().get(tenant));
    }

    /** Configured tenants, tenants with operator changes, and tenants this instance has seen. */
    public Set<String> tenants() {
        Set<String> tenants = new TreeSet<>(policy.perTenant().keySet());
        try (KeyValueIterator<String, BudgetOverride> all = overridesStore().all()) {
            all.forEachRemaining(entry -> tenants.add(entry.key));
        }
        try (KeyValueIterator<String, Spend> all = spendStore().all()) {
            all.forEachRemaining(entry -> tenants.add(TenantKeys.tenantOf(entry.key)));
        }
        return tenants;
    }

    private ReadOnlyKeyValueStore<String, Spend> spendStore() {
        return streams.store(StoreQueryParameters.fromNameAndType(StoreNames.SPEND,
                QueryableStoreTypes.<String, Spend>keyValueStore()));
    }

    private ReadOnlyKeyValueStore<String, BudgetOverride> overridesStore() {
        return streams.store(StoreQueryParameters.fromNameAndType(StoreNames.BUDGETS,
                QueryableStoreTypes.<String, BudgetOverride>keyValueStore()));
    }

    private static Spend orNone(Spend spend) {
        return spend == null ? Spend.NONE : spend;
    }
}
