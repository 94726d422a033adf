package io.clayenrichment.enrichment.http;

import io.clayenrichment.common.http.ApiError;
import io.clayenrichment.common.http.ErrorCode;
import io.clayenrichment.common.http.JsonAnswer;
import io.clayenrichment.common.schema.Tenants;
import io.clayenrichment.common.json.MessageFormatException;
import io.clayenrichment.enrichment.budget.BudgetChange;
import io.clayenrichment.enrichment.budget.BudgetOverride;
import io.clayenrichment.enrichment.budget.BudgetSnapshot;
import io.clayenrichment.enrichment.budget.TenantSpend;
import io.clayenrichment.enrichment.budget.BudgetView;
import io.clayenrichment.enrichment.budget.BudgetWriter;
import io.clayenrichment.enrichment.budget.WorkspaceBudget;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.auth.TenantScope;
import io.clayenrichment.enrichment.cluster.OwnerForwarder;
import io.clayenrichment.enrichment.tenants.TenantSettings;
import io.clayenrichment.enrichment.topology.StoreNames;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/budgets}, {@code GET /v1/budgets/{tenant}} and {@code PUT /v1/budgets/{tenant}}.
 * Reads need a read token or the operator token and show only the token's tenants (another tenant's
 * budget is 403: the tenant is the caller's own input, and every tenant has a budget, so the 403 says
 * nothing about whether it exists). Changes need the operator token; each is written as it was asked
 * for to the budget changes topic, whose offset is its version, and answered only after Kafka
 * acknowledged it: with the budget once this instance's global store holds that version, else (the fold
 * is late) 202 with the version alone, since the change is stored and will apply. Under
 * {@code UNKNOWN_TENANTS=refuse} only known tenants have budgets: another is 404 {@code unknown_tenant}
 * (after the 403 of a tenant outside the caller's scope, so a read token learns nothing of tenants it
 * may not read), and the list leaves it out.
 */
public final class BudgetRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(BudgetRoutes.class);

    private final BudgetView view;
    private final TenantSettings tenants;
    private final OwnerRouting routing;
    private final BudgetWriter writer;
    private final AccessGuard guard;
    private final Clock clock;
    private final Duration foldPatience;
    private final WorkspaceRoutes workspace;

    /** @param foldPatience how long a PUT waits for its change to be folded before answering 202 */
    public BudgetRoutes(BudgetView view, TenantSettings tenants, OwnerRouting routing, BudgetWriter writer,
            AccessGuard guard, Clock clock, Duration foldPatience, WorkspaceRoutes workspace) {
        this.workspace = workspace;
        this.view = view;
        this.tenants = tenants;
        this.routing = routing;
        this.writer = writer;
        this.guard = guard;
        this.clock = clock;
        this.foldPatience = foldPatience;
    }

    public void register(JavalinConfig config) {
        config.routes.get("/v1/budgets", this::list);
        config.routes.get("/v1/budgets/{tenant}", this::get);
        config.routes.put("/v1/budgets/{tenant}", this::put);
    }

    /**
     * The budget of every tenant the caller may read, each from the instance that owns the tenant: this
     * instance's own tenants, then each other instance's (asked once with the caller's token, answering
     * only for its own), then the tenants nobody has spent for yet (configured, known, changed by an
     * operator, or named by the caller's scope) with zero spend; under refuse, known tenants only. A forwarded request gets this instance's part.
     */
    private void list(Context ctx) throws InterruptedException {
        TenantScope scope = guard.reader(ctx);
        Predicate<String> listed = tenant -> scope.allows(tenant) && !tenants.refuses(tenant)
                && !tenant.equals(WorkspaceBudget.OVERRIDE_KEY);
        Instant now = clock.instant();
        Map<String, Object> byTenant = new TreeMap<>();
        for (String tenant : view.ownTenants().stream().filter(listed).toList()) {
            BudgetSnapshot budget = view.snapshot(tenant, now);
            byTenant.put(tenant, BudgetJson.of(budget, view.localForecast(budget)));
        }
        if (!OwnerForwarder.isForwarded(ctx)) {
            for (JsonNode answer : routing.fromOthers(ctx, StoreNames.SPEND, "/v1/budgets")) {
                for (JsonNode budget : answer.path("budgets")) {
                    String tenant = budget.path("tenant").asText();
                    // the other instance filtered by the same token already; one of an older version may not have
                    if (listed.test(tenant)) {
                        byTenant.putIfAbsent(tenant, budget);
                    }
                }
            }
            Set<String> unspent = new TreeSet<>(view.namedTenants());
            unspent.addAll(tenants.known());
            if (scope instanceof TenantScope.Only only) {
                unspent.addAll(only.tenants());
            }
            for (String tenant : unspent.stream().filter(listed).filter(t -> !byTenant.containsKey(t)).toList()) {
                byTenant.put(tenant, unlisted(tenant, now));
            }
        }
        Map<String, Object> answer = new java.util.LinkedHashMap<>();
        answer.put("budgets", List.copyOf(byTenant.values()));
        if (workspace != null) {
            workspace.forList(ctx, scope).ifPresent(budget -> answer.put("workspace", budget));
        }
        JsonAnswer.write(ctx, 200, answer);
    }

    /** A tenant's budget from the instance that owns the tenant's spend, relayed when that is another one. */
    private void get(Context ctx) throws InterruptedException {
        TenantScope scope = guard.reader(ctx);
        String tenant = tenant(ctx);
        AccessGuard.requireTenant(scope, tenant);
        requireKnown(tenant);
        OptionalInt partition = routing.route(ctx, StoreNames.SPEND, tenant, path(tenant), UnaryOperator.identity());
        if (partition.isPresent()) {
            BudgetSnapshot budget = view.snapshot(tenant, partition.getAsInt(), clock.instant());
            JsonAnswer.write(ctx, 200, BudgetJson.of(budget, view.forecast(budget, partition.getAsInt())));
        }
    }

    /**
     * The budget of a tenant no instance listed: unspent, with nothing queued, unless its partition is here
     * but not running yet (restoring), which is 503 rather than a spend of zero the tenant may not have.
     */
    private BudgetJson unlisted(String tenant, Instant now) {
        OptionalInt here = routing.partitionHere(StoreNames.SPEND, tenant);
        if (here.isPresent()) {
            BudgetSnapshot budget = view.snapshot(tenant, here.getAsInt(), now);
            return BudgetJson.of(budget, view.forecast(budget, here.getAsInt()));
        }
        BudgetSnapshot budget = view.snapshot(tenant, now);
        return BudgetJson.of(budget, view.nothingQueued(budget, now));
    }

    private void put(Context ctx) throws InterruptedException {
        guard.operator(ctx);
        String tenant = tenant(ctx);
        requireKnown(tenant);
        BudgetChange change = parse(ctx, tenant, clock);
        long version = store(writer, change);
        LOG.info("budget of tenant {} changed at version {}: daily={}, monthly={}, force_open={}", tenant, version,
                change.daily(), change.monthly(), change.forceOpen());
        Optional<BudgetOverride> folded = view.awaitVersion(tenant, version, foldPatience);
        if (folded.isEmpty()) {
            JsonAnswer.write(ctx, 202, Map.of("version", version, "status", "pending"));
            return;
        }
        Instant now = clock.instant();
        TenantSpend spend = ownersSpend(ctx, tenant, now).orElseGet(() -> view.localSpend(tenant, now));
        ObjectNode answer = Json.mapper().valueToTree(BudgetJson.of(view.snapshotWith(tenant, folded.get(), spend,
                now)));
        JsonAnswer.write(ctx, 200, answer.put("version", version));
    }

    /**
     * The tenant's spend as the instance holding it knows it, for the answer to a change: read here from
     * the tenant's partition, or taken from the owner's answer to {@code GET /v1/budgets/{tenant}}.
     * Empty when no instance can say now (rebalancing): the change is stored either way.
     */
    private Optional<TenantSpend> ownersSpend(Context ctx, String tenant, Instant now) throws InterruptedException {
        try {
            return routing.read(ctx, StoreNames.SPEND, tenant, path(tenant),
                    partition -> view.spend(tenant, partition, now), BudgetJson::spendOf);
        } catch (InvalidStateStoreException restoring) {
            return Optional.empty();
        }
    }

    /** The body of a budget change for {@code key} (a tenant, or the workspace); 400 when it is not one. */
    static BudgetChange parse(Context ctx, String key, Clock clock) {
        try {
            return BudgetChange.parse(key, ctx.bodyAsBytes(), clock.instant());
        } catch (MessageFormatException e) {
            throw new ApiError(ErrorCode.INVALID_BODY, e.getMessage());
        }
    }

    /** Writes a change and returns its version; 503 with Retry-After when Kafka does not take it. */
    static long store(BudgetWriter writer, BudgetChange change) throws InterruptedException {
        try {
            return writer.write(change);
        } catch (ExecutionException | TimeoutException e) {
            throw new ApiError(ErrorCode.KAFKA_UNAVAILABLE, "the change was not stored: "
                    + (e.getCause() == null ? e : e.getCause()).getMessage()).retryAfter(Duration.ofSeconds(5));
        }
    }

    private void requireKnown(String tenant) {
        if (tenants.refuses(tenant)) {
            throw new ApiError(ErrorCode.UNKNOWN_TENANT, "tenant '" + tenant + "' is not known (KNOWN_TENANTS,"
                    + " CREDIT_BUDGETS) and UNKNOWN_TENANTS=refuse: it has no budget");
        }
    }

    private static String path(String tenant) {
        return "/v1/budgets/" + URLEncoder.encode(tenant, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String tenant(Context ctx) {
        String tenant = ctx.pathParam("tenant").strip();
        if (tenant.isEmpty() || Tenants.problem(tenant).isPresent()) {
            throw new ApiError(ErrorCode.INVALID_TENANT, "tenant must be 1 to " + Tenants.MAX_LENGTH
                    + " characters without control characters");
        }
        return tenant;
    }
}
