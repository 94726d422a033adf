package io.clayenrichment.enrichment.sync;

import io.clayenrichment.common.auth.ScopedToken;
import io.clayenrichment.common.auth.ScopedTokens;
import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.config.SettingsException;
import java.time.Duration;
import java.util.List;

/**
 * Settings of {@code POST /v1/enrich}, the synchronous API.
 *
 * @param tokens bearer tokens allowed to submit requests, each for every tenant or for the tenants of its
 *     scope ({@code INTAKE_TOKENS}: {@code token} or {@code token:acme|beta}); none = the API is off
 * @param defaultWait how long a call waits for its result when it names no {@code ?wait=}
 * @param maxWait the cap on {@code ?wait=}
 * @param maxWaiters calls waiting at once on this instance; one more is answered 429
 */
public record SyncSettings(List<ScopedToken> tokens, Duration defaultWait, Duration maxWait, int maxWaiters) {

    public static final String INTAKE_TOKENS = "INTAKE_TOKENS";

    public SyncSettings {
        tokens = List.copyOf(tokens);
        if (defaultWait.compareTo(maxWait) > 0) {
            throw new SettingsException("SYNC_WAIT_DEFAULT=" + defaultWait + " is longer than SYNC_WAIT_MAX="
                    + maxWait + ": the default must be within the cap");
        }
    }

    public static SyncSettings fromEnv(Env env) {
        return new SyncSettings(ScopedTokens.parse(INTAKE_TOKENS, env.list(INTAKE_TOKENS), 1), env.duration("SYNC_WAIT_DEFAULT", Duration.ofSeconds(60)),
                env.duration("SYNC_WAIT_MAX", Duration.ofMinutes(5)), env.positiveInteger("SYNC_MAX_WAITERS", 1000));
    }

    public boolean enabled() {
        return !tokens.isEmpty();
    }

    @Override
    public String toString() {
        return "SyncSettings[tokens=" + tokens.size() + " [redacted], defaultWait=" + defaultWait + ", maxWait="
                + maxWait + ", maxWaiters=" + maxWaiters + "]";
    }
}
