package io.clayenrichment.sandbox;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.config.SettingsException;
import io.clayenrichment.sandbox.faults.FaultSettings;
import io.clayenrichment.sandbox.webhook.SourceId;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the sandbox is configured with, read once from {@code SANDBOX_*} variables. Tests start
 * from {@link #builder()} (the documented defaults) and change what they need.
 *
 * @param publicUrl  the base URL the platform reaches the sandbox at; null means
 *                   {@code http://127.0.0.1:<port>}
 * @param sources    the webhook sources of the first workspace, {@value WorkspaceSettings#DEFAULT}, as
 *                   are {@code webhookToken}, {@code rateLimitPerSecond} and {@code rateLimitBurst}
 * @param workspaces the extra workspaces ({@code SANDBOX_WORKSPACES}), each with its own sources, token
 *                   and rate limit; a workspace given no token (null) takes {@code webhookToken}
 * @param stateFile  where lifetime submission counts survive a restart; null keeps them in memory only
 * @param callbackUrl where enriched rows are posted; null sends no callbacks
 */
public record SandboxSettings(
        String host,
        int port,
        URI publicUrl,
        List<String> sources,
        String webhookToken,
        double rateLimitPerSecond,
        int rateLimitBurst,
        List<WorkspaceSettings> workspaces,
        int maxPayloadBytes,
        long urlSubmissionCap,
        Path stateFile,
        Duration enrichDelay,
        Duration enrichJitter,
        URI callbackUrl,
        String callbackSecret,
        double creditsPerRow,
        int callbackRetries,
        Duration callbackBackoff,
        Duration callbackTimeout,
        int callbackWorkers,
        FaultSettings faults,
        long seed,
        Duration statsLogInterval) {

    public SandboxSettings {
        Objects.requireNonNull(host, "host");
        sources = List.copyOf(sources);
        sources.forEach(id -> SourceId.check(id, "SANDBOX_SOURCES"));
        webhookToken = webhookToken == null ? "" : webhookToken;
        callbackSecret = callbackSecret == null ? "" : callbackSecret;
        require(port >= 0 && port <= 65535, "SANDBOX_PORT", port, "a port between 0 and 65535");
        require(rateLimitPerSecond > 0, "SANDBOX_RATE_LIMIT_PER_SECOND", rateLimitPerSecond, "a number above 0");
        require(rateLimitBurst >= 1, "SANDBOX_RATE_LIMIT_BURST", rateLimitBurst, "at least 1");
        String defaultToken = webhookToken;
        workspaces = List.copyOf((workspaces == null ? List.<WorkspaceSettings>of() : workspaces).stream()
                .map(w -> w.webhookToken() == null ? w.withToken(defaultToken) : w).toList());
        checkWorkspaces(sources, workspaces);
        require(maxPayloadBytes >= 1, "SANDBOX_MAX_PAYLOAD_BYTES", maxPayloadBytes, "at least 1");
        require(urlSubmissionCap >= 1, "SANDBOX_URL_SUBMISSION_CAP", urlSubmissionCap, "at least 1");
        // the receiver refuses callbacks above ClayCallback.MAX_CREDITS_USED, and the sandbox does not retry them
        require(creditsPerRow >= 0 && creditsPerRow <= io.clayenrichment.common.schema.ClayCallback.MAX_CREDITS_USED,
                "SANDBOX_CREDITS_PER_ROW", creditsPerRow,
                "0 to " + io.clayenrichment.common.schema.ClayCallback.MAX_CREDITS_USED);
        require(callbackRetries >= 0, "SANDBOX_CALLBACK_RETRIES", callbackRetries, "0 or more");
        require(callbackWorkers >= 1, "SANDBOX_CALLBACK_WORKERS", callbackWorkers, "at least 1");
        require(!callbackTimeout.isZero(), "SANDBOX_CALLBACK_TIMEOUT", callbackTimeout, "a duration above 0");
        Objects.requireNonNull(faults, "faults");
    }

    public static SandboxSettings fromEnv(Env env) {
        Builder d = builder();
        String host = env.string("SANDBOX_HOST", d.host);
        int port = env.integer("SANDBOX_PORT", d.port);
        URI publicUrl = env.urls("SANDBOX_PUBLIC_URL").stream().findFirst().orElse(null);
        List<String> sources = env.isSet("SANDBOX_SOURCES") ? env.list("SANDBOX_SOURCES") : d.sources;
        String webhookToken = env.string("SANDBOX_WEBHOOK_TOKEN", d.webhookToken);
        double rateLimitPerSecond = env.decimal("SANDBOX_RATE_LIMIT_PER_SECOND", d.rateLimitPerSecond);
        int rateLimitBurst = env.integer("SANDBOX_RATE_LIMIT_BURST", d.rateLimitBurst);
        List<WorkspaceSettings> workspaces = new ArrayList<>();
        for (String name : env.list("SANDBOX_WORKSPACES")) {
            workspaces.add(WorkspaceSettings.fromEnv(env, name, webhookToken));
        }
        return new SandboxSettings(
                host,
                port,
                publicUrl,
                sources,
                webhookToken,
                rateLimitPerSecond,
                rateLimitBurst,
                workspaces,
                env.integer("SANDBOX_MAX_PAYLOAD_BYTES", d.maxPayloadBytes),
                env.longValue("SANDBOX_URL_SUBMISSION_CAP", d.urlSubmissionCap),
                env.isSet("SANDBOX_STATE_FILE") ? Path.of(env.raw("SANDBOX_STATE_FILE")) : null,
                env.duration("SANDBOX_ENRICH_DELAY", d.enrichDelay),
                env.duration("SANDBOX_ENRICH_JITTER", d.enrichJitter),
                env.urls("SANDBOX_CALLBACK_URL").stream().findFirst().orElse(null),
                env.string("SANDBOX_CALLBACK_SECRET", d.callbackSecret),
                env.decimal("SANDBOX_CREDITS_PER_ROW", d.creditsPerRow),
                env.integer("SANDBOX_CALLBACK_RETRIES", d.callbackRetries),
                env.duration("SANDBOX_CALLBACK_BACKOFF", d.callbackBackoff),
                env.duration("SANDBOX_CALLBACK_TIMEOUT", d.callbackTimeout),
                env.integer("SANDBOX_CALLBACK_WORKERS", d.callbackWorkers),
                FaultSettings.fromEnv(env),
                env.longValue("SANDBOX_SEED", d.seed),
                env.duration("SANDBOX_STATS_LOG_INTERVAL", d.statsLogInterval));
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The first workspace, {@value WorkspaceSettings#DEFAULT}, which the settings without a workspace configure. */
    public WorkspaceSettings defaultWorkspace() {
        return new WorkspaceSettings(WorkspaceSettings.DEFAULT, sources, webhookToken, rateLimitPerSecond,
                rateLimitBurst);
    }

    /** Every workspace: {@link #defaultWorkspace()}, then {@link #workspaces()} in their order. */
    public List<WorkspaceSettings> allWorkspaces() {
        List<WorkspaceSettings> all = new ArrayList<>();
        all.add(defaultWorkspace());
        all.addAll(workspaces);
        return List.copyOf(all);
    }

    /** Names are unique and not the default's; a source id belongs to one workspace only. */
    private static void checkWorkspaces(List<String> defaultSources, List<WorkspaceSettings> extra) {
        Set<String> names = new HashSet<>();
        Map<String, String> workspaceOfSource = new HashMap<>();
        defaultSources.forEach(id -> workspaceOfSource.put(id, WorkspaceSettings.DEFAULT));
        for (WorkspaceSettings w : extra) {
            if (WorkspaceSettings.DEFAULT.equals(w.name())) {
                throw new SettingsException("SANDBOX_WORKSPACES names '" + WorkspaceSettings.DEFAULT
                        + "', the name of the first workspace (the one SANDBOX_SOURCES configures): "
                        + "name the extra workspaces otherwise");
            }
            if (!names.add(w.name())) {
                throw new SettingsException("SANDBOX_WORKSPACES names workspace '" + w.name() + "' twice");
            }
            for (String id : new LinkedHashSet<>(w.sources())) {
                String other = workspaceOfSource.putIfAbsent(id, w.name());
                if (other != null) {
                    throw new SettingsException(w.variable("SOURCES") + " has source id '" + id
                            + "', which workspace '" + other + "' has already ("
                            + WorkspaceSettings.variable(other, "SOURCES")
                            + "): a webhook source belongs to one workspace");
                }
            }
        }
    }

    private static void require(boolean ok, String variable, Object value, String expected) {
        if (!ok) {
            throw new SettingsException(variable + "=" + value + " is invalid: expected " + expected);
        }
    }

    /** The documented defaults; every {@code with} call changes one setting. */
    public static final class Builder {
        private String host = "0.0.0.0";
        private int port = 8090;
        private URI publicUrl;
        private List<String> sources = List.of("table-1", "table-2", "table-3");
        private String webhookToken = "";
        private double rateLimitPerSecond = 10;
        private int rateLimitBurst = 20;
        private List<WorkspaceSettings> workspaces = new ArrayList<>();
        private int maxPayloadBytes = 102_400;
        private long urlSubmissionCap = 50_000;
        private Path stateFile;
        private Duration enrichDelay = Duration.ofSeconds(2);
        private Duration enrichJitter = Duration.ofMillis(500);
        private URI callbackUrl;
        private String callbackSecret = "";
        private double creditsPerRow = 1;
        private int callbackRetries = 3;
        private Duration callbackBackoff = Duration.ofSeconds(1);
        private Duration callbackTimeout = Duration.ofSeconds(10);
        private int callbackWorkers = 4;
        private FaultSettings faults = FaultSettings.DEFAULTS;
        private long seed = 42;
        private Duration statsLogInterval = Duration.ofMinutes(1);

        private Builder() {}

        private Builder(SandboxSettings s) {
            host = s.host;
            port = s.port;
            publicUrl = s.publicUrl;
            sources = s.sources;
            webhookToken = s.webhookToken;
            rateLimitPerSecond = s.rateLimitPerSecond;
            rateLimitBurst = s.rateLimitBurst;
            workspaces = new ArrayList<>(s.workspaces);
            maxPayloadBytes = s.maxPayloadBytes;
            urlSubmissionCap = s.urlSubmissionCap;
            stateFile = s.stateFile;
            enrichDelay = s.enrichDelay;
            enrichJitter = s.enrichJitter;
            callbackUrl = s.callbackUrl;
            callbackSecret = s.callbackSecret;
            creditsPerRow = s.creditsPerRow;
            callbackRetries = s.callbackRetries;
            callbackBackoff = s.callbackBackoff;
            callbackTimeout = s.callbackTimeout;
            callbackWorkers = s.callbackWorkers;
            faults = s.faults;
            seed = s.seed;
            statsLogInterval = s.statsLogInterval;
        }

        public Builder host(String value) { host = value; return this; }
        public Builder port(int value) { port = value; return this; }
        public Builder publicUrl(URI value) { publicUrl = value; return this; }
        public Builder sources(List<String> value) { sources = value; return this; }
        public Builder webhookToken(String value) { webhookToken = value; return this; }
        public Builder rateLimit(double perSecond, int burst) {
            rateLimitPerSecond = perSecond;
            rateLimitBurst = burst;
            return this;
        }
        /**
         * Adds an extra workspace; {@code webhookToken} null takes the default workspace's token, as an
         * unset {@code SANDBOX_WORKSPACE_<NAME>_WEBHOOK_TOKEN} does.
         */
        public Builder workspace(String name, List<String> sources, String webhookToken, double perSecond,
                int burst) {
            workspaces.add(new WorkspaceSettings(name, sources, webhookToken, perSecond, burst));
            return this;
        }
        /** Replaces the extra workspaces. */
        public Builder workspaces(List<WorkspaceSettings> value) {
            workspaces = new ArrayList<>(value);
            return this;
        }
        public Builder maxPayloadBytes(int value) { maxPayloadBytes = value; return this; }
        public Builder urlSubmissionCap(long value) { urlSubmissionCap = value; return this; }
        public Builder stateFile(Path value) { stateFile = value; return this; }
        public Builder enrichDelay(Duration delay, Duration jitter) {
            enrichDelay = delay;
            enrichJitter = jitter;
            return this;
        }
        public Builder callbackUrl(URI value) { callbackUrl = value; return this; }
        public Builder callbackSecret(String value) { callbackSecret = value; return this; }
        public Builder creditsPerRow(double value) { creditsPerRow = value; return this; }
        public Builder callbackRetries(int retries, Duration backoff) {
            callbackRetries = retries;
            callbackBackoff = backoff;
            return this;
        }
        public Builder callbackTimeout(Duration value) { callbackTimeout = value; return this; }
        public Builder callbackWorkers(int value) { callbackWorkers = value; return this; }
        public Builder faults(FaultSettings value) { faults = value; return this; }
        public Builder seed(long value) { seed = value; return this; }
        public Builder statsLogInterval(Duration value) { statsLogInterval = value; return this; }

        public SandboxSettings build() {
            return new SandboxSettings(host, port, publicUrl, sources, webhookToken, rateLimitPerSecond,
                    rateLimitBurst, workspaces, maxPayloadBytes, urlSubmissionCap, stateFile, enrichDelay, enrichJitter,
                    callbackUrl, callbackSecret, creditsPerRow, callbackRetries, callbackBackoff, callbackTimeout,
                    callbackWorkers, faults, seed, statsLogInterval);
        }
    }
}
