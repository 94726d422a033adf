package io.clayenrichment.sandbox.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import io.clayenrichment.common.json.Json;
import io.clayenrichment.sandbox.enrich.Row;
import io.clayenrichment.sandbox.enrich.RowPipeline;
import io.clayenrichment.sandbox.faults.Dice;
import io.clayenrichment.sandbox.faults.FaultSettings;
import io.clayenrichment.sandbox.faults.Faults;
import io.clayenrichment.sandbox.faults.RateLimit;
import io.clayenrichment.sandbox.http.Reply;
import io.clayenrichment.sandbox.stats.StatsRecorder;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Clay table webhook's answer to one POST, decided apart from HTTP plumbing. Checks run in the
 * order a real service would meet them: outage, unknown source, auth, size, workspace rate limit,
 * body shape, injected server error, then the URL's lifetime cap. Only a 200 accepts the row; every
 * answer is counted exactly once.
 */
public final class WebhookIntake {

    /** The request body, read up to a limit. */
    @FunctionalInterface
    public interface Body {
        /** At most {@code limit + 1} bytes of the body, so a caller can tell it was longer than {@code limit}. */
        byte[] readUpTo(int limit) throws IOException;
    }

    public static final String AUTH_HEADER = "x-clay-webhook-auth";
    private static final Logger LOG = LoggerFactory.getLogger(WebhookIntake.class);
    private static final List<Integer> INJECTED_ERRORS = List.of(500, 502, 503);

    private final Sources sources;
    /** The first workspace ({@code default}), which also takes sources created while the sandbox runs. */
    private final WorkspaceGate defaultWorkspace;
    private final Map<String, WorkspaceGate> workspaceOfSource = new java.util.HashMap<>();
    private final int maxPayloadBytes;
    private final Faults faults;
    private final Dice dice;
    private final StatsRecorder stats;
    private final RowPipeline pipeline;
    private final AtomicLong rowSequence = new AtomicLong();

    /** @param workspaces the workspaces the sandbox plays, the default one first */
    public WebhookIntake(Sources sources, List<WorkspaceGate> workspaces, int maxPayloadBytes, Faults faults, Dice dice,
            StatsRecorder stats, RowPipeline pipeline) {
        this.sources = sources;
        this.defaultWorkspace = workspaces.get(0);
        workspaces.forEach(gate -> gate.sources().forEach(id -> workspaceOfSource.put(id, gate)));
        this.maxPayloadBytes = maxPayloadBytes;
        this.faults = faults;
        this.dice = dice;
        this.stats = stats;
        this.pipeline = pipeline;
    }

    /** The default workspace's rate limit in force: the runtime override, else the configured one. */
    public RateLimit rateLimit() {
        return rateLimit(defaultWorkspace);
    }

    /** A workspace's rate limit in force: the runtime override (it lowers every workspace), else its own. */
    private RateLimit rateLimit(WorkspaceGate workspace) {
        RateLimit override = faults.current().rateLimit();
        return override != null ? override : workspace.configuredLimit();
    }

    public Reply handle(String sourceId, String authHeader, long declaredLength, Body body) {
        stats.arrived();
        FaultSettings f = faults.current();
        Duration slow = dice.nextChance(f.slowRate(), "slow") ? f.slowDelay() : Duration.ZERO;
        WorkspaceGate workspace = workspaceOfSource.getOrDefault(sourceId, defaultWorkspace);
        Reply reply = decide(sourceId, workspace, authHeader, declaredLength, body, f);
        stats.answered(reply.status(), workspace.name());
        if (reply.isError()) {
            LOG.debug("webhook {} refused with {}: {}", sourceId, reply.status(), reply.body());
        }
        return slow.isZero() ? reply : reply.delayedBy(slow);
    }

    private Reply decide(String sourceId, WorkspaceGate workspace, String authHeader, long declaredLength, Body body,
            FaultSettings f) {
        if (f.outage()) {
            return Reply.error(503, "service_unavailable", "the workspace is in a simulated outage");
        }
        if (!sources.isActive(sourceId)) {
            return unknownSource(sourceId);
        }
        if (!workspace.admits(authHeader)) {
            return Reply.error(401, "unauthorized", (authHeader == null ? "missing" : "wrong")
                    + " " + AUTH_HEADER + " header");
        }
        if (declaredLength > maxPayloadBytes) {
            return tooLarge(declaredLength + " bytes");
        }
        byte[] bytes;
        try {
            bytes = body.readUpTo(maxPayloadBytes);
        } catch (IOException e) {
            return Reply.error(400, "unreadable_body", "the request body could not be read: " + e.getMessage());
        }
        if (bytes.length > maxPayloadBytes) {
            return tooLarge("more than " + maxPayloadBytes + " bytes");
        }
        RateLimit limit = rateLimit(workspace);
        long waitNanos = workspace.tryTake(limit);
        if (waitNanos > 0) {
            long seconds = Math.max(1, (long) Math.ceil(waitNanos / 1e9));
            return Reply.error(429, "rate_limited", "workspace '" + workspace.name() + "' takes " + limit.perSecond()
                            + " requests per second with bursts of " + limit.burst())
                    .withHeader("Retry-After", Long.toString(seconds));
        }
        Map<String, Object> fields;
        try {
            fields = flatObject(bytes);
        } catch (IllegalArgumentException e) {
            return Reply.error(400, "invalid_row", e.getMessage());
        }
        if (dice.nextChance(f.errorRate(), "error")) {
            int status = INJECTED_ERRORS.get((int) (dice.nextRoll("error_status") * INJECTED_ERRORS.size()));
            return Reply.error(status, "server_error", "simulated server error; the row was not accepted");
        }
        Sources.Submission submission = sources.submit(sourceId);
        switch (submission.admission()) {
            case UNKNOWN:
                return unknownSource(sourceId);
            case USED_UP:
                return Reply.error(422, "webhook_limit_reached", "webhook source '" + sourceId + "' has taken its "
                        + sources.cap() + " submissions; create a new webhook source and send to its URL");
            default:
                break;
        }
        Row row = new Row(sourceId, rowSequence.incrementAndGet(), fields);
        pipeline.accept(row);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "accepted");
        answer.put("source_id", sourceId);
        answer.put("row_id", "row_" + row.sequence());
        return Reply.json(200, answer);
    }

    private Reply tooLarge(String size) {
        return Reply.error(413, "payload_too_large", "the row is " + size + "; a webhook takes at most "
                + maxPayloadBytes + " bytes");
    }

    private static Reply unknownSource(String sourceId) {
        return Reply.error(404, "not_found", "no webhook source '" + sourceId + "' (never created, or deleted)");
    }

    private static final TypeReference<LinkedHashMap<String, Object>> FIELDS = new TypeReference<>() {};

    /** The body as one JSON object's fields, nested values kept as they are. */
    static Map<String, Object> flatObject(byte[] bytes) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("the body is empty: expected one JSON object per request");
        }
        JsonNode node;
        try {
            // One row per request: anything after the object is an error, not silently dropped.
            node = Json.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(Json.describe(e));
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable body: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            String kind = node == null || node.isMissingNode() ? "nothing"
                    : node.getNodeType().name().toLowerCase(Locale.ROOT);
            throw new IllegalArgumentException("expected one JSON object per request (one row), got " + kind);
        }
        return Json.mapper().convertValue(node, FIELDS);
    }
}
