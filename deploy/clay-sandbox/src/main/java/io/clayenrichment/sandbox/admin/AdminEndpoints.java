package io.clayenrichment.sandbox.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.clayenrichment.common.json.Json;
import io.clayenrichment.sandbox.ClaySandbox;
import io.clayenrichment.sandbox.faults.FaultSettings;
import io.clayenrichment.sandbox.http.Reply;
import io.clayenrichment.sandbox.webhook.Sources;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API: what the sandbox saw, the faults it plays, its webhook sources. It mirrors the Java
 * API of {@link ClaySandbox} for scripts and for tests in other processes. It has no auth: the
 * sandbox is a local test tool and must not be exposed.
 */
public final class AdminEndpoints {

    private static final Logger LOG = LoggerFactory.getLogger(AdminEndpoints.class);

    private final ClaySandbox sandbox;

    public AdminEndpoints(ClaySandbox sandbox) {
        this.sandbox = sandbox;
    }

    public void register(RoutesConfig routes) {
        routes.get("/admin/stats", ctx -> Reply.json(200, sandbox.stats()).writeTo(ctx));
        routes.get("/admin/faults", ctx -> faults().writeTo(ctx));
        routes.put("/admin/faults", ctx -> updateFaults(ctx).writeTo(ctx));
        routes.get("/admin/sources", ctx -> Reply.json(200, Map.of("sources", sources())).writeTo(ctx));
        routes.post("/admin/sources", ctx -> createSource(ctx).writeTo(ctx));
        routes.delete("/admin/sources/{id}", ctx -> deleteSource(ctx.pathParam("id")).writeTo(ctx));
        routes.post("/admin/reset", ctx -> reset(ctx).writeTo(ctx));
        routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(sandbox.scrapeMetrics()));
        for (String path : List.of("/health", "/health/live", "/health/ready")) {
            routes.get(path, ctx -> Reply.json(200, Map.of("status", "up")).writeTo(ctx));
        }
    }

    private Reply faults() {
        return Reply.json(200, FaultsJson.view(sandbox.faults().current(), sandbox.rateLimit()));
    }

    private Reply updateFaults(Context ctx) {
        JsonNode update;
        try {
            update = Json.mapper().readTree(ctx.bodyAsBytes());
        } catch (JsonProcessingException e) {
            return Reply.error(400, "invalid_json", Json.describe(e));
        } catch (java.io.IOException e) {
            return Reply.error(400, "invalid_json", e.getMessage());
        }
        FaultSettings updated;
        try {
            // One update at a time, so two admin calls never interleave their fields.
            synchronized (this) {
                updated = FaultsJson.apply(sandbox.faults().current(), update, sandbox.rateLimit());
                sandbox.faults().set(updated);
            }
        } catch (IllegalArgumentException e) {
            return Reply.error(400, "invalid_faults", e.getMessage());
        }
        LOG.info("faults changed: {}", Json.writeString(FaultsJson.view(updated, sandbox.rateLimit())));
        return faults();
    }

    private Reply createSource(Context ctx) {
        String id = null;
        byte[] body = ctx.bodyAsBytes();
        if (body.length > 0) {
            try {
                JsonNode node = Json.mapper().readTree(body);
                if (node != null && node.isObject() && node.hasNonNull("id")) {
                    id = node.get("id").asText();
                } else if (node != null && !node.isObject() && !node.isMissingNode()) {
                    return Reply.error(400, "invalid_json", "expected {\"id\": \"...\"} or no body");
                }
            } catch (java.io.IOException e) {
                return Reply.error(400, "invalid_json", e instanceof JsonProcessingException jpe
                        ? Json.describe(jpe) : e.getMessage());
            }
        }
        if (id == null) {
            id = "source-" + UUID.randomUUID().toString().substring(0, 8);
        }
        try {
            sandbox.createSource(id);
        } catch (Sources.ConflictException e) {
            return Reply.error(409, "conflict", e.getMessage());
        } catch (IllegalArgumentException e) {
            return Reply.error(400, "invalid_id", e.getMessage());
        }
        return Reply.json(201, sourceJson(sandbox.sources().find(id).orElseThrow()));
    }

    private Reply deleteSource(String id) {
        if (!sandbox.deleteSource(id)) {
            return Reply.error(404, "not_found", "no live webhook source '" + id + "'");
        }
        return Reply.json(200, sourceJson(sandbox.sources().find(id).orElseThrow()));
    }

    private Reply reset(Context ctx) {
        boolean submissions = Boolean.parseBoolean(ctx.queryParam("submissions"));
        sandbox.reset();
        if (submissions) {
            sandbox.resetSubmissions();
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "reset");
        answer.put("submissions_reset", submissions);
        return Reply.json(200, answer);
    }

    private List<Map<String, Object>> sources() {
        return sandbox.sources().list().stream().map(this::sourceJson).toList();
    }

    private Map<String, Object> sourceJson(Sources.SourceView source) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", source.id());
        json.put("url", sandbox.webhookUrl(source.id()).toString());
        json.put("submissions", source.submissions());
        json.put("remaining", source.remaining());
        json.put("deleted", source.deleted());
        return json;
    }
}
