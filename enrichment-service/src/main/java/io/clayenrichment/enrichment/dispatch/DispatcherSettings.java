package io.clayenrichment.enrichment.dispatch;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.config.SettingsException;
import io.clayenrichment.common.topics.TopicLayout;
import io.clayenrichment.common.topics.Topics;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Everything the Clay dispatcher is configured with, read once from the environment. Every field
 * has a documented default except {@code CLAY_WEBHOOK_URLS}.
 */
public record DispatcherSettings(
        List<URI> webhookUrls,
        String authToken,
        double ratePerSecond,
        int rateBurst,
        Duration requestTimeout,
        Duration retryInitialBackoff,
        Duration retryMaxBackoff,
        int maxAttempts,
        int maxPayloadBytes,
        int urlSubmissionLimit,
        boolean passthroughTable,
        double urlPoolLowFraction,
        float breakerFailureRate,
        float breakerSlowCallRate,
        Duration breakerSlowCallDuration,
        Duration breakerWaitInOpen,
        int breakerWindowSize,
        int breakerMinimumCalls,
        int breakerHalfOpenCalls,
        String groupId,
        String submissionsTopic,
        Duration shutdownGrace,
        String receiptsTopic,
        TopicLayout topicLayout,
        LaneWeights laneWeights,
        List<String> defaultWorkspaceTenants,
        List<ClayWorkspace> extraWorkspaces) {

    public static final int CLAY_HARD_SUBMISSION_CAP = 50_000;
    /** {@code CLAY_RATE_LIMIT_PER_SECOND} when unset; scheduled refresh takes its share of the same figure. */
    public static final double DEFAULT_RATE_PER_SECOND = 10;
    public static final int DEFAULT_RATE_BURST = 20;
    public static final int DEFAULT_URL_SUBMISSION_LIMIT = 45_000;

    public DispatcherSettings {
        webhookUrls = List.copyOf(webhookUrls);
        defaultWorkspaceTenants = List.copyOf(defaultWorkspaceTenants);
        extraWorkspaces = List.copyOf(extraWorkspaces);
        authToken = authToken == null ? "" : authToken;
        // The CLAY_* webhook settings are the default workspace's: checked as every workspace's are.
        ClayWorkspace defaultWorkspace = defaultWorkspace(webhookUrls, authToken, ratePerSecond, rateBurst,
                urlSubmissionLimit, passthroughTable, defaultWorkspaceTenants).checked("CLAY_", "CLAY_WORKSPACE_TENANTS");
        ClayWorkspace.requireDistinctUrls(defaultThen(defaultWorkspace, extraWorkspaces));
        require(!retryInitialBackoff.isZero() && retryMaxBackoff.compareTo(retryInitialBackoff) >= 0,
                "CLAY_RETRY_MAX_BACKOFF must be at least CLAY_RETRY_INITIAL_BACKOFF, and both above zero");
        require(!requestTimeout.isZero(), "CLAY_REQUEST_TIMEOUT must be above zero");
        require(maxAttempts >= 1, "CLAY_MAX_ATTEMPTS=" + maxAttempts + " is invalid: expected at least 1");
        require(breakerFailureRate > 0 && breakerFailureRate <= 100, "CLAY_BREAKER_FAILURE_RATE="
                + breakerFailureRate + " is invalid: expected a percentage above 0 and at most 100");
        require(breakerSlowCallRate > 0 && breakerSlowCallRate <= 100, "CLAY_BREAKER_SLOW_CALL_RATE="
                + breakerSlowCallRate + " is invalid: expected a percentage above 0 and at most 100");
        require(!breakerWaitInOpen.isZero(), "CLAY_BREAKER_WAIT_IN_OPEN must be above zero");
    }

    /**
     * Every Clay workspace rows go to: {@code default}, from the plain {@code CLAY_*} settings, then those
     * of {@code CLAY_WORKSPACES} in their order.
     */
    public List<ClayWorkspace> workspaces() {
        return defaultThen(defaultWorkspace(webhookUrls, authToken, ratePerSecond, rateBurst, urlSubmissionLimit,
                passthroughTable, defaultWorkspaceTenants), extraWorkspaces);
    }

    private static List<ClayWorkspace> defaultThen(ClayWorkspace defaultWorkspace, List<ClayWorkspace> extras) {
        List<ClayWorkspace> all = new java.util.ArrayList<>(extras.size() + 1);
        all.add(defaultWorkspace);
        all.addAll(extras);
        return List.copyOf(all);
    }

    private static ClayWorkspace defaultWorkspace(List<URI> webhookUrls, String authToken, double ratePerSecond,
            int rateBurst, int urlSubmissionLimit, boolean passthroughTable, List<String> tenants) {
        return new ClayWorkspace(ClayWorkspace.DEFAULT, webhookUrls, authToken, ratePerSecond, rateBurst,
                urlSubmissionLimit, passthroughTable, ClayWorkspace.named(tenants), tenants.contains("*"));
    }

    public static DispatcherSettings fromEnv(Env env) {
        env.requiredString("CLAY_WEBHOOK_URLS", "comma-separated Clay table webhook URLs");
        return new DispatcherSettings(
                env.urls("CLAY_WEBHOOK_URLS"),
                env.string("CLAY_WEBHOOK_AUTH_TOKEN", ""),
                env.decimal("CLAY_RATE_LIMIT_PER_SECOND", DEFAULT_RATE_PER_SECOND),
                env.positiveInteger("CLAY_RATE_LIMIT_BURST", DEFAULT_RATE_BURST),
                env.duration("CLAY_REQUEST_TIMEOUT", Duration.ofSeconds(10)),
                env.duration("CLAY_RETRY_INITIAL_BACKOFF", Duration.ofSeconds(1)),
                env.duration("CLAY_RETRY_MAX_BACKOFF", Duration.ofMinutes(1)),
                env.positiveInteger("CLAY_MAX_ATTEMPTS", 8),
                env.positiveInteger("CLAY_MAX_PAYLOAD_BYTES", 102_400),
                env.positiveInteger("CLAY_URL_SUBMISSION_LIMIT", DEFAULT_URL_SUBMISSION_LIMIT),
                env.bool("CLAY_PASSTHROUGH_TABLE", false),
                env.decimal("CLAY_URL_POOL_LOW_FRACTION", 0.10),
                (float) env.decimal("CLAY_BREAKER_FAILURE_RATE", 50),
                (float) env.decimal("CLAY_BREAKER_SLOW_CALL_RATE", 80),
                env.duration("CLAY_BREAKER_SLOW_CALL_DURATION", Duration.ofSeconds(5)),
                env.duration("CLAY_BREAKER_WAIT_IN_OPEN", Duration.ofSeconds(30)),
                env.positiveInteger("CLAY_BREAKER_WINDOW_SIZE", 20),
                env.positiveInteger("CLAY_BREAKER_MINIMUM_CALLS", 10),
                env.positiveInteger("CLAY_BREAKER_HALF_OPEN_CALLS", 3),
                env.string("DISPATCHER_GROUP_ID", "clay-dispatcher"),
                Topics.URL_SUBMISSIONS.nameIn(env),
                env.duration("DISPATCHER_SHUTDOWN_GRACE", Duration.ofSeconds(10)),
                Topics.RECEIPTS.nameIn(env),
                TopicLayout.fromEnv(env),
                new LaneWeights(env.positiveInteger("CLAY_LANE_WEIGHT_URGENT", LaneWeights.DEFAULT.urgent()),
                        env.positiveInteger("CLAY_LANE_WEIGHT_NORMAL", LaneWeights.DEFAULT.normal()),
                        env.positiveInteger("CLAY_LANE_WEIGHT_BACKFILL", LaneWeights.DEFAULT.backfill())),
                env.isSet("CLAY_WORKSPACE_TENANTS") ? env.list("CLAY_WORKSPACE_TENANTS") : List.of("*"),
                ClayWorkspace.extraFromEnv(env));
    }

    /** True when rows carry the {@code x-clay-webhook-auth} header. */
    public boolean hasAuthToken() {
        return !authToken.isBlank();
    }

    /** Never prints the token or the URLs (a Clay webhook URL is itself a credential). */
    @Override
    public String toString() {
        return "DispatcherSettings[urls=" + webhookUrls.size() + ", authToken=" + (hasAuthToken() ? "[set]" : "[none]")
                + ", rate=" + ratePerSecond + "/s, burst=" + rateBurst + ", requestTimeout=" + requestTimeout
                + ", backoff=" + retryInitialBackoff + ".." + retryMaxBackoff + ", maxAttempts=" + maxAttempts
                + ", maxPayloadBytes=" + maxPayloadBytes + ", urlSubmissionLimit=" + (passthroughTable ? "none (passthrough table)" : urlSubmissionLimit)
                + ", breaker=" + breakerFailureRate + "% failures/" + breakerSlowCallRate + "% slow over "
                + breakerWindowSize + " calls, open " + breakerWaitInOpen + ", group=" + groupId
                + ", submissionsTopic=" + submissionsTopic + ", receiptsTopic=" + receiptsTopic + ", laneWeights=urgent:"
                + laneWeights.urgent() + "/normal:" + laneWeights.normal() + "/backfill:" + laneWeights.backfill()
                + ", workspaces=" + workspaces() + "]";
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new SettingsException(message);
        }
    }
}
