package io.clayenrichment.enrichment.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clayenrichment.common.auth.TenantScope;
import io.clayenrichment.common.http.ApiError;
import io.clayenrichment.common.http.ErrorCode;
import io.clayenrichment.common.http.JsonAnswer;
import io.clayenrichment.common.json.Json;
import io.clayenrichment.enrichment.budget.BudgetChange;
import io.clayenrichment.enrichment.budget.BudgetLimits;
import io.clayenrichment.enrichment.budget.BudgetOverride;
import io.clayenrichment.enrichment.budget.BudgetPolicy;
import io.clayenrichment.enrichment.budget.BudgetView;
import io.clayenrichment.enrichment.budget.Credits;
import io.clayenrichment.enrichment.budget.BudgetWriter;
import io.clayenrichment.enrichment.budget.WorkspaceBudget;
import io.clayenrichment.enrichment.budget.WorkspaceLedger;
import io.clayenrichment.enrichment.topology.StoreNames;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET} and {@code PUT /v1/workspace-budget}: the budget of the whole Clay workspace, over all
 * tenants. It is read from the one instance whose task owns the workspace ledger; reading it needs a
 * token that reads every tenant (it sums them all), changing it the operator token, and a change goes
 * through the same ordered budget changes as a tenant's, under a key no tenant can have.
 */
public final class WorkspaceRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(WorkspaceRoutes.class);
    static final String PATH = "/v1/workspace-budget";

    private final WorkspaceBudget workspace;
    private final BudgetPolicy policy;
    private final KafkaStreams streams;
    private final BudgetView view;
    private final OwnerRouting routing;
    private final BudgetWriter writer;
    private final AccessGuard guard;
    private final Clock clock;
    private final Duration foldPatience;

    public WorkspaceRoutes(WorkspaceBudget workspace, BudgetPolicy policy, KafkaStreams streams, BudgetView view,
            OwnerRouting routing, BudgetWriter writer, AccessGuard guard, Clock clock, Duration foldPatience) {
        this.workspace = workspace;
        this.policy = policy;
        this.streams = streams;
        this.view = view;
        this.routing = routing;
        this.writer = writer;
        this.guard = guard;
        this.clock = clock;
        this.foldPatience = foldPatience;
    }

    public void register(JavalinConfig config) {
        config.routes.get(PATH, this::get);
        config.routes.put(PATH, this::put);
    }

    private void get(Context ctx) throws InterruptedException {
        if (!(guard.reader(ctx) instanceof TenantScope.All)) {
            throw new ApiError(ErrorCode.FORBIDDEN, "the workspace budget sums every tenant: it needs a token that"
                    + " reads every tenant, or the operator token");
        }
        requireEnabled();
        if (routing.route(ctx, StoreNames.WORKSPACE, StoreNames.WORKSPACE_KEY, PATH, UnaryOperator.identity())
                .isPresent()) {
            JsonAnswer.write(ctx, 200, answer(ledgerHere(), view.override(WorkspaceBudget.OVERRIDE_KEY).orElse(null)));
        }
    }

    /** The workspace budget for {@code GET /v1/budgets}: for a reader of every tenant, while it is on. */
    Optional<JsonNode> forList(Context ctx, TenantScope scope) throws InterruptedException {
        if (!workspace.enabled() || !(scope instanceof TenantScope.All)) {
            return Optional.empty();
        }
        return routing.read(ctx, StoreNames.WORKSPACE, StoreNames.WORKSPACE_KEY, PATH,
                partition -> answer(ledgerHere(), view.override(WorkspaceBudget.OVERRIDE_KEY).orElse(null)),
                owners -> owners);
    }

    private void put(Context ctx) throws InterruptedException {
        guard.operator(ctx);
        requireEnabled();
        BudgetChange change = BudgetRoutes.parse(ctx, WorkspaceBudget.OVERRIDE_KEY, clock);
        long version = BudgetRoutes.store(writer, change);
        LOG.info("workspace budget changed at version {}: daily={}, monthly={}, force_open={}", version,
                change.daily(), change.monthly(), change.forceOpen());
        Optional<BudgetOverride> folded = view.awaitVersion(WorkspaceBudget.OVERRIDE_KEY, version, foldPatience);
        if (folded.isEmpty()) {
            JsonAnswer.write(ctx, 202, Map.of("version", version, "status", "pending"));
            return;
        }
        // The ledger lives with its owner, maybe on another instance: the answer gives the limits now in force.
        BudgetLimits limits = workspace.limitsWith(folded.get());
        JsonAnswer.write(ctx, 200, Map.of("version", version, "daily", Credits.fromMilli(limits.dailyMilli()),
                "monthly", Credits.fromMilli(limits.monthlyMilli()), "force_open", limits.forceOpen()));
    }

    /** The workspace budget in the same shape as a tenant's, without a tenant. */
    private ObjectNode answer(WorkspaceLedger ledger, BudgetOverride override) {
        Instant now = clock.instant();
        WorkspaceLedger current = ledger.rolledTo(now.toEpochMilli());
        var snapshot = policy.snapshot("", workspace.limitsWith(override), current.dayId(), current.day(),
                current.monthId(), current.month());
        ObjectNode json = Json.mapper().valueToTree(BudgetJson.of(snapshot));
        json.remove("tenant");
        return json;
    }

    private WorkspaceLedger ledgerHere() {
        WorkspaceLedger stored = streams.store(StoreQueryParameters.fromNameAndType(StoreNames.WORKSPACE,
                QueryableStoreTypes.<String, WorkspaceLedger>keyValueStore())).get(StoreNames.WORKSPACE_KEY);
        return stored == null ? WorkspaceLedger.startingAt(clock.millis()) : stored;
    }

    private void requireEnabled() {
        if (!workspace.enabled()) {
            throw new ApiError(ErrorCode.NO_WORKSPACE_BUDGET, "the workspace budget is off: set WORKSPACE_BUDGET_DAILY"
                    + " and/or WORKSPACE_BUDGET_MONTHLY to turn it on");
        }
    }
}
