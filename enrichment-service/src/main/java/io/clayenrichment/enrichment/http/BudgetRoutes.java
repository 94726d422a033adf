package io.clayenrichment.enrichment.http;

import io.clayenrichment.common.schema.Tenants;
import io.clayenrichment.common.json.MessageFormatException;
import io.clayenrichment.enrichment.budget.BudgetChange;
import io.clayenrichment.enrichment.budget.BudgetOverride;
import io.clayenrichment.enrichment.budget.BudgetView;
import io.clayenrichment.enrichment.budget.BudgetWriter;
import com.fasterxml.jackson.databind.JsonNode;
import io.clayenrichment.common.auth.Bearer;
import io.clayenrichment.common.auth.StaticSecrets;
import io.clayenrichment.enrichment.cluster.OwnerForwarder;
import io.clayenrichment.enrichment.topology.StoreNames;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/budgets}, {@code GET /v1/budgets/{tenant}} and {@code PUT /v1/budgets/{tenant}}.
 * Changes need the operator token and are answered only after Kafka acknowledged them on the budgets
 * topic, from which every instance's topology applies them.
 */
public final class BudgetRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(BudgetRoutes.class);

    private final BudgetView view;
    private final OwnerRouting routing;
    private final BudgetWriter writer;
    private final StaticSecrets operatorToken;
    private final Clock clock;

    public BudgetRoutes(BudgetView view, OwnerRouting routing, BudgetWriter writer, String operatorToken,
            Clock clock) {
        this.view = view;
        this.routing = routing;
        this.writer = writer;
        this.operatorToken = new StaticSecrets(operatorToken == null ? List.of() : List.of(operatorToken));
        this.clock = clock;
    }

    public void register(JavalinConfig config) {
        config.routes.get("/v1/budgets", this::list);
        config.routes.get("/v1/budgets/{tenant}", this::get);
        config.routes.put("/v1/budgets/{tenant}", this::put);
    }

    /**
     * Every tenant's budget, each from the instance that owns the tenant: this instance's own tenants,
     * then each other instance's (asked once, answering only for its own), then the tenants nobody has
     * spent for yet (configured or changed by an operator) with zero spend.
     */
    private void list(Context ctx) throws InterruptedException {
        Instant now = clock.instant();
        Map<String, Object> byTenant = new TreeMap<>();
        view.ownTenants().forEach(tenant -> byTenant.put(tenant, BudgetJson.of(view.snapshot(tenant, now))));
        if (!OwnerForwarder.isForwarded(ctx)) {
            for (JsonNode answer : routing.fromOthers(ctx, StoreNames.SPEND, "/v1/budgets")) {
                for (JsonNode budget : answer.path("budgets")) {
                    byTenant.putIfAbsent(budget.path("tenant").asText(), budget);
                }
            }
            view.namedTenants().forEach(tenant -> byTenant.computeIfAbsent(tenant,
                    t -> BudgetJson.of(view.snapshot(t, now))));
        }
        HttpApi.json(ctx, 200, Map.of("budgets", List.copyOf(byTenant.values())));
    }

    /** A tenant's budget from the instance that owns the tenant's spend, relayed when that is another one. */
    private void get(Context ctx) throws InterruptedException {
        String tenant = tenant(ctx);
        String path = "/v1/budgets/" + URLEncoder.encode(tenant, StandardCharsets.UTF_8).replace("+", "%20");
        if (routing.route(ctx, StoreNames.SPEND, tenant, path).isPresent()) {
            HttpApi.json(ctx, 200, BudgetJson.of(view.snapshot(tenant, clock.instant())));
        }
    }

    private void put(Context ctx) throws InterruptedException {
        authorise(ctx);
        String tenant = tenant(ctx);
        BudgetChange change;
        try {
            change = BudgetChange.parse(ctx.bodyAsBytes());
        } catch (MessageFormatException e) {
            throw new ApiError(400, "invalid_body", e.getMessage());
        }
        Instant now = clock.instant();
        BudgetOverride updated = change.applyTo(tenant, view.override(tenant).orElse(null), now);
        try {
            writer.write(updated);
        } catch (ExecutionException | TimeoutException e) {
            ctx.header("Retry-After", "5");
            throw new ApiError(503, "kafka_unavailable", "the change was not stored: "
                    + (e.getCause() == null ? e : e.getCause()).getMessage());
        }
        LOG.info("budget of tenant {} changed: daily={}, monthly={}, force_open={}", tenant, updated.daily(),
                updated.monthly(), updated.forced());
        HttpApi.json(ctx, 200, BudgetJson.of(view.snapshotWith(tenant, updated, now)));
    }

    private void authorise(Context ctx) {
        if (operatorToken.isEmpty()) {
            throw new ApiError(503, "operator_token_not_configured",
                    "budget changes are disabled: set OPERATOR_TOKEN to enable them");
        }
        String given = Bearer.token(ctx.header("Authorization"));
        if (given == null) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiError(401, "unauthorized", "send Authorization: Bearer <OPERATOR_TOKEN>");
        }
        if (!operatorToken.matches(given)) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiError(401, "unauthorized", "the operator token is wrong");
        }
    }

    private static String tenant(Context ctx) {
        String tenant = ctx.pathParam("tenant").strip();
        if (tenant.isEmpty() || Tenants.problem(tenant).isPresent()) {
            throw new ApiError(400, "invalid_tenant", "tenant must be 1 to " + Tenants.MAX_LENGTH
                    + " characters without control characters");
        }
        return tenant;
    }
}
