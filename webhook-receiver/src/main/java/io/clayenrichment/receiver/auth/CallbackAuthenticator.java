package io.clayenrichment.receiver.auth;

import io.clayenrichment.common.auth.Bearer;
import io.clayenrichment.common.auth.StaticSecrets;
import java.time.Clock;
import java.util.function.UnaryOperator;

/**
 * Decides whether a callback is authentic: it carries a valid static secret
 * ({@code Authorization: Bearer <secret>} or {@code X-Clay-Callback-Secret}) or a valid Standard
 * Webhooks signature. A signature that is present but does not verify refuses the request even when
 * a valid static secret comes with it: a forged or replayed signature is an attack, not a mistake.
 */
public final class CallbackAuthenticator {

    public static final String SECRET_HEADER = "X-Clay-Callback-Secret";
    public static final String AUTHORIZATION = "Authorization";
    public static final String WEBHOOK_ID = "webhook-id";
    public static final String WEBHOOK_TIMESTAMP = "webhook-timestamp";
    public static final String WEBHOOK_SIGNATURE = "webhook-signature";

    private final StaticSecrets staticSecrets;
    private final SignatureVerifier signatures;
    private final Clock clock;

    public CallbackAuthenticator(StaticSecrets staticSecrets, SignatureVerifier signatures, Clock clock) {
        this.staticSecrets = staticSecrets;
        this.signatures = signatures;
        this.clock = clock;
    }

    /**
     * Why the request is refused (safe to show the caller: it never contains a secret), or null when
     * it is authentic. {@code headers} looks a header up by name, case-insensitively.
     */
    public String refusal(UnaryOperator<String> headers, byte[] body) {
        String signature = headers.apply(WEBHOOK_SIGNATURE);
        if (signature != null && !signature.isBlank()) {
            return signatures.refusal(headers.apply(WEBHOOK_ID), headers.apply(WEBHOOK_TIMESTAMP), signature, body,
                    clock.instant());
        }
        String bearer = Bearer.token(headers.apply(AUTHORIZATION));
        String header = headers.apply(SECRET_HEADER);
        if (bearer == null && header == null) {
            return "no callback secret: send Authorization: Bearer <secret>, " + SECRET_HEADER
                    + " or a Standard Webhooks signature";
        }
        // Both are compared whatever the first gives, so timing does not tell which header was checked.
        boolean bearerMatches = staticSecrets.matches(bearer);
        boolean headerMatches = staticSecrets.matches(header);
        return bearerMatches || headerMatches ? null : "wrong callback secret";
    }
}
