package io.clayenrichment.enrichment.dispatch;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.config.SettingsException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One Clay workspace the dispatcher sends to: its table webhook URLs, their auth token, the
 * workspace's rate limit (Clay counts it per workspace), the submission cap of its URLs, and which
 * tenants' rows it takes. The workspace named {@code default} is configured by the plain
 * {@code CLAY_*} settings; each other one by {@code CLAY_WORKSPACE_<NAME>_*}.
 *
 * @param tenants the tenants named for this workspace
 * @param everyOtherTenant {@code *} in its tenants: it also takes every tenant no workspace names
 */
public record ClayWorkspace(String name, List<URI> webhookUrls, String authToken, double ratePerSecond,
        int rateBurst, int urlSubmissionLimit, boolean passthroughTable, Set<String> tenants,
        boolean everyOtherTenant) {

    public static final String DEFAULT = "default";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    public ClayWorkspace {
        webhookUrls = List.copyOf(webhookUrls);
        authToken = authToken == null ? "" : authToken;
        tenants = Set.copyOf(tenants);
    }

    /** The workspaces {@code CLAY_WORKSPACES} names, besides the default one. */
    static List<ClayWorkspace> extraFromEnv(Env env) {
        List<String> names = env.list("CLAY_WORKSPACES");
        if (names.stream().distinct().count() != names.size()) {
            throw new SettingsException("CLAY_WORKSPACES=" + env.raw("CLAY_WORKSPACES")
                    + " is invalid: a workspace is named twice");
        }
        return names.stream().map(name -> fromEnv(env, name)).toList();
    }

    private static ClayWorkspace fromEnv(Env env, String name) {
        if (!NAME.matcher(name).matches() || name.equals(DEFAULT)) {
            throw new SettingsException("CLAY_WORKSPACES names '" + name + "', which is invalid: expected 1 to 32"
                    + " lower-case letters, digits and '-', and not '" + DEFAULT + "' (the CLAY_* settings' workspace)");
        }
        String prefix = prefix(name);
        env.requiredString(prefix + "WEBHOOK_URLS", "comma-separated webhook URLs of Clay workspace '" + name + "'");
        List<String> tenants = env.isSet(prefix + "TENANTS") ? env.list(prefix + "TENANTS") : List.of("*");
        return new ClayWorkspace(name, env.urls(prefix + "WEBHOOK_URLS"), env.string(prefix + "WEBHOOK_AUTH_TOKEN", ""),
                env.decimal(prefix + "RATE_LIMIT_PER_SECOND", DispatcherSettings.DEFAULT_RATE_PER_SECOND),
                env.positiveInteger(prefix + "RATE_LIMIT_BURST", DispatcherSettings.DEFAULT_RATE_BURST),
                env.positiveInteger(prefix + "URL_SUBMISSION_LIMIT", DispatcherSettings.DEFAULT_URL_SUBMISSION_LIMIT),
                env.bool(prefix + "PASSTHROUGH_TABLE", false), named(tenants), tenants.contains("*"))
                .checked(prefix, prefix + "TENANTS");
    }

    /** The tenants of a {@code *_TENANTS} list, {@code *} aside. */
    static Set<String> named(List<String> tenants) {
        return Set.copyOf(tenants.stream().filter(tenant -> !tenant.equals("*")).toList());
    }

    /** {@code CLAY_WORKSPACE_<NAME>_}: upper-cased, {@code -} as {@code _}. */
    static String prefix(String name) {
        return "CLAY_WORKSPACE_" + name.toUpperCase(Locale.ROOT).replace('-', '_') + "_";
    }

    /**
     * This workspace, or a one-line error naming the variable that is wrong: {@code prefix} and the
     * setting ({@code WEBHOOK_URLS}, {@code RATE_LIMIT_PER_SECOND}...), or {@code tenantsVariable}.
     */
    ClayWorkspace checked(String prefix, String tenantsVariable) {
        require(authToken.chars().allMatch(c -> c > 0x20 && c < 0x7f), prefix + "WEBHOOK_AUTH_TOKEN is invalid:"
                + " expected printable ASCII without spaces (it is sent as an HTTP header)");
        require(!webhookUrls.isEmpty(), prefix + "WEBHOOK_URLS is required: comma-separated Clay table webhook URLs");
        require(ratePerSecond > 0, prefix + "RATE_LIMIT_PER_SECOND=" + ratePerSecond
                + " is invalid: expected a number greater than 0");
        require(rateBurst >= 1, prefix + "RATE_LIMIT_BURST=" + rateBurst + " is invalid: expected at least 1");
        require(urlSubmissionLimit >= 1 && urlSubmissionLimit <= DispatcherSettings.CLAY_HARD_SUBMISSION_CAP,
                prefix + "URL_SUBMISSION_LIMIT=" + urlSubmissionLimit + " is invalid: expected 1 to "
                        + DispatcherSettings.CLAY_HARD_SUBMISSION_CAP + " (Clay's lifetime cap per webhook URL)");
        require(everyOtherTenant || !tenants.isEmpty(), tenantsVariable + " is empty: name tenants, or * for every"
                + " tenant no workspace names");
        return this;
    }

    /** Fails when two workspaces list the same webhook URL: a URL belongs to one table of one workspace. */
    static void requireDistinctUrls(List<ClayWorkspace> workspaces) {
        Set<URI> seen = new java.util.HashSet<>();
        for (ClayWorkspace workspace : workspaces) {
            for (URI url : workspace.webhookUrls()) {
                require(seen.add(url), "Clay workspace '" + workspace.name() + "' lists a webhook URL another"
                        + " workspace lists too (URL #" + workspace.webhookUrls().indexOf(url) + " of its list):"
                        + " a URL belongs to one table of one workspace");
            }
        }
    }

    boolean hasAuthToken() {
        return !authToken.isBlank();
    }

    /** Never the token or the URLs (a Clay webhook URL is itself a credential). */
    @Override
    public String toString() {
        return name + "[urls=" + webhookUrls.size() + ", authToken=" + (hasAuthToken() ? "[set]" : "[none]") + ", rate="
                + ratePerSecond + "/s, burst=" + rateBurst + ", urlSubmissionLimit="
                + (passthroughTable ? "none (passthrough table)" : urlSubmissionLimit) + ", tenants="
                + (everyOtherTenant ? (tenants.isEmpty() ? "*" : tenants + " and *") : tenants) + "]";
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new SettingsException(message);
        }
    }
}
