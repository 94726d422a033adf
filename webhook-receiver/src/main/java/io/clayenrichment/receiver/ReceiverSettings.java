package io.clayenrichment.receiver;

import io.clayenrichment.common.auth.ScopedToken;
import io.clayenrichment.common.auth.ScopedTokens;
import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.config.KafkaSettings;
import io.clayenrichment.common.config.SettingsException;
import io.clayenrichment.common.topics.TopicLayout;
import io.clayenrichment.common.topics.Topics;
import io.clayenrichment.receiver.auth.SigningSecret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Every setting of the webhook-receiver, read once from the environment at start-up. A missing or
 * malformed value fails here with one line naming the variable. {@link #toString()} is safe to log:
 * secrets are counted, never shown.
 */
public record ReceiverSettings(
        int httpPort,
        List<String> callbackSecrets,
        List<SigningSecret> signingSecrets,
        int maxBodyBytes,
        Duration publishTimeout,
        Duration signatureTolerance,
        Duration shutdownGrace,
        int duplicateCacheSize,
        List<ScopedToken> intakeTokens,
        int intakeMaxBatch,
        Topics topics,
        TopicLayout topicLayout,
        KafkaSettings kafka) {

    public static final String CALLBACK_SECRETS = "CALLBACK_SECRETS";
    public static final String CALLBACK_SIGNING_SECRETS = "CALLBACK_SIGNING_SECRETS";
    /**
     * Bearer tokens for {@code POST /v1/requests}, {@code token} (every tenant) or {@code token:acme|beta}
     * (only those tenants); unset leaves the intake disabled.
     */
    public static final String INTAKE_TOKENS = "INTAKE_TOKENS";
    /** Two secrets are enough to rotate without downtime; more is a forgotten secret still accepted. */
    static final int MAX_ACTIVE_SECRETS = 2;

    public ReceiverSettings {
        callbackSecrets = List.copyOf(callbackSecrets);
        signingSecrets = List.copyOf(signingSecrets);
        intakeTokens = List.copyOf(intakeTokens);
    }

    /** Whether {@code POST /v1/requests} takes requests (it does once at least one token is set). */
    public boolean intakeEnabled() {
        return !intakeTokens.isEmpty();
    }

    public static ReceiverSettings fromEnv(Env env) {
        List<String> secrets = atMostTwo(CALLBACK_SECRETS, env.list(CALLBACK_SECRETS));
        List<SigningSecret> signing = atMostTwo(CALLBACK_SIGNING_SECRETS, signingSecrets(env));
        if (secrets.isEmpty() && signing.isEmpty()) {
            throw new SettingsException(CALLBACK_SECRETS + " is required (unless " + CALLBACK_SIGNING_SECRETS
                    + " is set): comma-separated secrets Clay sends in X-Clay-Callback-Secret");
        }
        return new ReceiverSettings(
                port(env),
                secrets,
                signing,
                env.positiveInteger("MAX_BODY_BYTES", 1_048_576),
                positive(env, "PUBLISH_TIMEOUT", Duration.ofSeconds(15)),
                positive(env, "SIGNATURE_TOLERANCE", Duration.ofMinutes(5)),
                env.duration("SHUTDOWN_GRACE", Duration.ofSeconds(30)),
                env.positiveInteger("DUPLICATE_CACHE_SIZE", 100_000),
                atMostTwo(INTAKE_TOKENS, ScopedTokens.parse(INTAKE_TOKENS, env.list(INTAKE_TOKENS), 1)),
                env.positiveInteger("INTAKE_MAX_BATCH", 500),
                Topics.fromEnv(env),
                TopicLayout.fromEnv(env),
                KafkaSettings.fromEnv(env));
    }

    private static int port(Env env) {
        int port = env.integer("HTTP_PORT", 8080);
        if (port < 0 || port > 65_535) {
            throw new SettingsException("HTTP_PORT=" + port + " is invalid: expected a port from 0 to 65535");
        }
        return port;
    }

    private static Duration positive(Env env, String name, Duration defaultValue) {
        Duration value = env.duration(name, defaultValue);
        if (value.isZero() || value.toMillis() < 1) {
            throw new SettingsException(name + "=" + env.raw(name) + " is invalid: expected at least 1 millisecond");
        }
        return value;
    }

    private static List<SigningSecret> signingSecrets(Env env) {
        List<String> texts = env.list(CALLBACK_SIGNING_SECRETS);
        List<SigningSecret> parsed = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            try {
                parsed.add(SigningSecret.parse(texts.get(i)));
            } catch (IllegalArgumentException e) {
                // The message says what is wrong and which entry, never the secret itself.
                throw new SettingsException(CALLBACK_SIGNING_SECRETS + " entry " + (i + 1) + " is invalid: "
                        + e.getMessage());
            }
        }
        return parsed;
    }

    private static <T> List<T> atMostTwo(String name, List<T> values) {
        if (values.size() > MAX_ACTIVE_SECRETS) {
            throw new SettingsException(name + " has " + values.size() + " secrets: at most " + MAX_ACTIVE_SECRETS
                    + " may be active (the current one and the one being rotated out)");
        }
        return values;
    }

    @Override
    public String toString() {
        return "httpPort=" + httpPort
                + ", callbackSecrets=" + callbackSecrets.size() + " [redacted]"
                + ", signingSecrets=" + signingSecrets.size() + " [redacted]"
                + ", maxBodyBytes=" + maxBodyBytes
                + ", publishTimeout=" + publishTimeout
                + ", signatureTolerance=" + signatureTolerance
                + ", shutdownGrace=" + shutdownGrace
                + ", duplicateCacheSize=" + duplicateCacheSize
                + ", intakeTokens=" + intakeTokens.size() + " [redacted]"
                + ", intakeMaxBatch=" + intakeMaxBatch
                + ", requestsTopic=" + topics.requests().name()
                + ", resultsTopic=" + topics.results().name()
                + ", topicLayout=" + topicLayout
                + ", kafka=" + kafka.redacted();
    }
}
