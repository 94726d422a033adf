package io.clayenrichment.sandbox;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.config.SettingsException;
import io.clayenrichment.sandbox.faults.RateLimit;
import io.clayenrichment.sandbox.webhook.SourceId;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One Clay workspace the sandbox plays: its webhook sources, the token they expect and the rate limit
 * they share. The first workspace, {@value #DEFAULT}, is configured by {@code SANDBOX_SOURCES},
 * {@code SANDBOX_WEBHOOK_TOKEN} and {@code SANDBOX_RATE_LIMIT_*}; each extra one named in
 * {@code SANDBOX_WORKSPACES} by {@code SANDBOX_WORKSPACE_<NAME>_*} ({@link #variable(String)}).
 *
 * @param webhookToken the expected {@code x-clay-webhook-auth} value, empty for no auth; null (in a
 *                     builder) means the default workspace's token
 */
public record WorkspaceSettings(
        String name,
        List<String> sources,
        String webhookToken,
        double rateLimitPerSecond,
        int rateLimitBurst) {

    /** The name of the first workspace, the one the {@code SANDBOX_*} settings without a workspace configure. */
    public static final String DEFAULT = "default";
    public static final double DEFAULT_RATE_LIMIT_PER_SECOND = 10;
    public static final int DEFAULT_RATE_LIMIT_BURST = 20;

    private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,32}");

    public WorkspaceSettings {
        checkName(name);
        sources = List.copyOf(sources);
        String sourcesVariable = variable(name, "SOURCES");
        sources.forEach(id -> SourceId.check(id, sourcesVariable));
        if (!DEFAULT.equals(name) && sources.isEmpty()) {
            throw new SettingsException(sourcesVariable + " is required: the comma-separated webhook source ids of "
                    + "workspace '" + name + "', which SANDBOX_WORKSPACES names");
        }
        require(rateLimitPerSecond > 0 && !Double.isInfinite(rateLimitPerSecond),
                variable(name, "RATE_LIMIT_PER_SECOND"), rateLimitPerSecond, "a number above 0");
        require(rateLimitBurst >= 1, variable(name, "RATE_LIMIT_BURST"), rateLimitBurst, "at least 1");
    }

    /** Workspace {@code name} as the {@code SANDBOX_WORKSPACE_<NAME>_*} variables of {@code env} configure it. */
    static WorkspaceSettings fromEnv(Env env, String name, String defaultToken) {
        checkName(name);
        return new WorkspaceSettings(name,
                env.list(variable(name, "SOURCES")),
                env.string(variable(name, "WEBHOOK_TOKEN"), defaultToken),
                env.decimal(variable(name, "RATE_LIMIT_PER_SECOND"), DEFAULT_RATE_LIMIT_PER_SECOND),
                env.integer(variable(name, "RATE_LIMIT_BURST"), DEFAULT_RATE_LIMIT_BURST));
    }

    /** The rate limit this workspace was configured with (a fault may override it while the sandbox runs). */
    public RateLimit rateLimit() {
        return new RateLimit(rateLimitPerSecond, rateLimitBurst);
    }

    /**
     * The variable that configures {@code setting} ({@code SOURCES}, {@code WEBHOOK_TOKEN},
     * {@code RATE_LIMIT_PER_SECOND}, {@code RATE_LIMIT_BURST}) of this workspace.
     */
    public String variable(String setting) {
        return variable(name, setting);
    }

    /**
     * {@code SANDBOX_<SETTING>} for the default workspace, {@code SANDBOX_WORKSPACE_<NAME>_<SETTING>}
     * for another: the name upper-cased, {@code -} as {@code _}.
     */
    static String variable(String workspace, String setting) {
        return DEFAULT.equals(workspace) ? "SANDBOX_" + setting
                : "SANDBOX_WORKSPACE_" + workspace.toUpperCase(Locale.ROOT).replace('-', '_') + "_" + setting;
    }

    static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new SettingsException("SANDBOX_WORKSPACES has an invalid workspace name '" + name
                    + "': expected 1 to 32 lower-case letters, digits or '-'");
        }
    }

    WorkspaceSettings withToken(String token) {
        return new WorkspaceSettings(name, sources, Objects.requireNonNull(token), rateLimitPerSecond, rateLimitBurst);
    }

    private static void require(boolean ok, String variable, Object value, String expected) {
        if (!ok) {
            throw new SettingsException(variable + "=" + value + " is invalid: expected " + expected);
        }
    }
}
