package io.clayenrichment.enrichment.budget;

import io.clayenrichment.enrichment.topology.StoreNames;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Budgets as this instance sees them, through interactive queries on its local stores: the spend
 * store of the tasks it runs and the global store of operator changes. With several instances each
 * tenant's spend lives on one of them (the HTTP routes ask that one).
 */
public final class BudgetView {

    private final KafkaStreams streams;
    private final BudgetPolicy policy;

    public BudgetView(KafkaStreams streams, BudgetPolicy policy) {
        this.streams = streams;
        this.policy = policy;
    }

    /**
     * The budget of a tenant whose spend this instance does not hold in a running task: known to be
     * unspent (no instance lists it), or owned elsewhere and then only its limits matter to the caller.
     */
    public BudgetSnapshot snapshot(String tenant, Instant now) {
        return snapshotWith(tenant, override(tenant).orElse(null), localSpend(tenant, now), now);
    }

    /**
     * The budget of a tenant from {@code partition} of the spend store, the one its key maps to.
     *
     * @throws org.apache.kafka.streams.errors.InvalidStateStoreException when that partition's task is not
     *     running here (still restoring after a restart, or moving away): reading all partitions instead
     *     would answer zero spend for a tenant that has spent
     */
    public BudgetSnapshot snapshot(String tenant, int partition, Instant now) {
        return snapshotWith(tenant, override(tenant).orElse(null), spend(tenant, partition, now), now);
    }

    /** The tenant's spend from {@code partition} of the spend store (same exception as above). */
    public TenantSpend spend(String tenant, int partition, Instant now) {
        return orNone(spendStore(partition).get(tenant), now);
    }

    /** The tenant's spend in this instance's running tasks; zero when another instance holds it. */
    public TenantSpend localSpend(String tenant, Instant now) {
        return orNone(spendStore().get(tenant), now);
    }

    /**
     * The budget with {@code spent} once {@code override} applies (before the global store has caught up
     * with it).
     */
    public BudgetSnapshot snapshotWith(String tenant, BudgetOverride override, TenantSpend spent, Instant now) {
        TenantSpend spend = spent.rolledTo(now.toEpochMilli());
        return policy.snapshot(tenant, policy.limitsFor(tenant, override), spend.dayId(), spend.day(), spend.monthId(),
                spend.month());
    }

    /**
     * The spend forecast of {@code budget}, read from {@code partition} (the one its tenant's spend was read
     * from) of the forecast store: what the tenant's decider task last counted of its backlog.
     *
     * @throws org.apache.kafka.streams.errors.InvalidStateStoreException when that partition's task is not
     *     running here
     */
    public SpendForecast forecast(BudgetSnapshot budget, int partition) {
        ReadOnlyKeyValueStore<String, Backlog> store = forecastStore(partition);
        // The task's entry first: it is written after the tenants' entries of the same count.
        Backlog task = store.get(StoreNames.FORECAST_TASK_KEY);
        return SpendForecast.fromStore(budget, task, store.get(budget.tenant()), firstCostMilli());
    }

    /**
     * The spend forecast of {@code budget}, whose tenant's spend this instance holds in a running task
     * (the tenant's partition is found like an interactive query's; same exception as above).
     */
    public SpendForecast localForecast(BudgetSnapshot budget) {
        KeyQueryMetadata owner = streams.queryMetadataForKey(StoreNames.FORECAST, budget.tenant(),
                Serdes.String().serializer());
        if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            throw new InvalidStateStoreException("the partition of tenant '" + budget.tenant()
                    + "' is not known now (rebalancing)");
        }
        return forecast(budget, owner.partition());
    }

    /**
     * The spend forecast of a tenant no instance holds spend of: nothing of it can be queued or cached
     * (every request, and so every cached result, gives its tenant a spend entry), so only its budget counts.
     */
    public SpendForecast nothingQueued(BudgetSnapshot budget, Instant now) {
        return SpendForecast.nothingQueued(budget, firstCostMilli(), now);
    }

    /** What a tenant with no results yet reserves per attempt. */
    private long firstCostMilli() {
        return policy.reservationMilli(RecentCosts.NONE);
    }

    public Optional<BudgetOverride> override(String tenant) {
        return Optional.ofNullable(overridesStore().get(tenant));
    }

    /**
     * The tenant's override once this instance's global store holds the change of {@code version} (or
     * a later one), empty when it does not within {@code patience}: the fold runs on one instance, and
     * its result reaches every global store a moment later.
     */
    public Optional<BudgetOverride> awaitVersion(String tenant, long version, java.time.Duration patience)
            throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try {
                Optional<BudgetOverride> current = override(tenant).filter(found -> found.includes(version));
                if (current.isPresent()) {
                    return current;
                }
            } catch (org.apache.kafka.streams.errors.InvalidStateStoreException e) {
                // the store is not queryable while Streams rebalances or restores: ask again
            }
            if (System.nanoTime() - deadline >= 0) {
                return Optional.empty();
            }
            Thread.sleep(10);
        }
    }

    /** Configured tenants and tenants with operator changes. */
    public Set<String> namedTenants() {
        Set<String> tenants = new TreeSet<>(policy.perTenant().keySet());
        try (KeyValueIterator<String, BudgetOverride> all = overridesStore().all()) {
            all.forEachRemaining(entry -> tenants.add(entry.key));
        }
        return tenants;
    }

    /** Tenants whose spend this instance holds (the tenants of its active tasks that have sent anything). */
    public Set<String> ownTenants() {
        Set<String> tenants = new TreeSet<>();
        try (KeyValueIterator<String, TenantSpend> all = spendStore().all()) {
            all.forEachRemaining(entry -> tenants.add(entry.key));
        }
        return tenants;
    }

    private ReadOnlyKeyValueStore<String, TenantSpend> spendStore() {
        return streams.store(StoreQueryParameters.fromNameAndType(StoreNames.SPEND,
                QueryableStoreTypes.<String, TenantSpend>keyValueStore()));
    }

    private static TenantSpend orNone(TenantSpend stored, Instant now) {
        return stored == null ? TenantSpend.startingAt(now.toEpochMilli()) : stored;
    }

    private ReadOnlyKeyValueStore<String, TenantSpend> spendStore(int partition) {
        return streams.store(StoreQueryParameters.fromNameAndType(StoreNames.SPEND,
                QueryableStoreTypes.<String, TenantSpend>keyValueStore()).withPartition(partition));
    }

    private ReadOnlyKeyValueStore<String, Backlog> forecastStore(int partition) {
        return streams.store(StoreQueryParameters.fromNameAndType(StoreNames.FORECAST,
                QueryableStoreTypes.<String, Backlog>keyValueStore()).withPartition(partition));
    }

    private ReadOnlyKeyValueStore<String, BudgetOverride> overridesStore() {
        return streams.store(StoreQueryParameters.fromNameAndType(StoreNames.BUDGETS,
                QueryableStoreTypes.<String, BudgetOverride>keyValueStore()));
    }
}
