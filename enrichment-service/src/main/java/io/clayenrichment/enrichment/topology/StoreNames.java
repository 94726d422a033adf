package io.clayenrichment.enrichment.topology;

/** The topology's state stores, named once for the processors and for interactive queries. */
public final class StoreNames {
    /** Spend per tenant in its current day and month (key = tenant). */
    public static final String SPEND = "spend";
    /** Attempts in flight per tenant and contact (key {@link TenantKeys#contact}). */
    public static final String ATTEMPTS = "attempts";
    /** Requests waiting for an attempt of the same contact, one entry each (key {@link Attempt#waiterKey}). */
    public static final String WAITERS = "waiters";
    /**
     * Reservations of ended attempts held until their rows' fate is known (key
     * {@link TenantKeys#contact}(tenant, correlation id)): {@link OpenReservation}.
     */
    public static final String HELD = "held-reservations";
    /** What each tenant's last results cost, for adaptive reservations (key = tenant). */
    public static final String COSTS = "recent-costs";
    /** The freshness cache: the latest successful Clay result per tenant and contact. */
    public static final String FRESHNESS = "freshness";
    /** When the last scheduled refresh of a contact was sent (key {@link TenantKeys#contact}), while it matters. */
    public static final String REFRESHES = "refreshes";
    /**
     * The latest successful Clay result per contact key, across tenants, for contact lookups: only
     * results that closed one of this service's attempts, with that attempt's tenant and contact key.
     */
    public static final String CONTACTS = "contacts";
    /** Operator budget changes per tenant, a global store read from the budgets topic. */
    public static final String BUDGETS = "budgets";
    /**
     * The budget changes folded so far per key (a tenant), the fold's own state, ahead of the global
     * store it feeds: {@link BudgetChangeFold}.
     */
    public static final String BUDGET_FOLD = "budget-fold";

    /** The workspace budget's ledger, in its owner's task (one entry, key {@link #WORKSPACE_KEY}). */
    public static final String WORKSPACE = "workspace-ledger";
    public static final String WORKSPACE_KEY = "workspace";
    /** A decider task's lease of the workspace budget (one entry, key {@link #WORKSPACE_KEY}). */
    public static final String LEASE = "workspace-lease";
    /** Requests of a decider task waiting for a workspace lease, in arrival order (key: zero-padded sequence). */
    public static final String LEASE_WAITING = "workspace-waiting";

    /**
     * A decider task's spend-forecast figures per tenant ({@link io.clayenrichment.enrichment.budget.Backlog}):
     * requests waiting for a workspace lease and cached contacts due for a refresh. In memory and not
     * changelogged: recomputed after every restore ({@link ForecastBook}).
     */
    public static final String FORECAST = "forecast";
    /** The task's own entry in {@link #FORECAST}: whether due refreshes are counted yet, and when. Never a tenant. */
    public static final String FORECAST_TASK_KEY = "";

    private StoreNames() {}
}
