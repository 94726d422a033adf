package io.clayenrichment.receiver.callback;

import io.clayenrichment.common.http.ApiError;
import io.clayenrichment.common.http.BodyLimit;
import io.clayenrichment.common.http.ErrorCode;
import io.clayenrichment.common.http.JsonAnswer;
import io.clayenrichment.common.http.JsonBody;
import io.clayenrichment.common.schema.ClayCallback;
import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.receiver.auth.CallbackAuthenticator;
import io.clayenrichment.common.auth.Sha256;
import io.clayenrichment.receiver.http.KafkaUnavailable;
import io.clayenrichment.receiver.metrics.CallbackMetrics;
import io.clayenrichment.receiver.metrics.CallbackMetrics.Outcome;
import io.clayenrichment.receiver.publish.ResultPublisher;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /clay-webhook}. Checks in the order that costs least first: declared size (413),
 * Content-Type (415), actual size (413), authenticity (401), body (400), then answers a recent
 * re-send as a duplicate or publishes the result and answers 200 only once Kafka acknowledged it,
 * or 503 with Retry-After when Kafka could not take it within the publish timeout.
 */
public final class CallbackEndpoint implements Handler {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackEndpoint.class);

    private final CallbackAuthenticator authenticator;
    private final CallbackParser parser;
    private final RecentCallbacks recent;
    private final ResultPublisher publisher;
    private final CallbackMetrics metrics;
    private final Clock clock;
    private final BodyLimit bodyLimit;
    private final Duration publishTimeout;

    public CallbackEndpoint(CallbackAuthenticator authenticator, CallbackParser parser, RecentCallbacks recent,
            ResultPublisher publisher, CallbackMetrics metrics, Clock clock, BodyLimit bodyLimit,
            Duration publishTimeout) {
        this.authenticator = authenticator;
        this.parser = parser;
        this.recent = recent;
        this.publisher = publisher;
        this.metrics = metrics;
        this.clock = clock;
        this.bodyLimit = bodyLimit;
        this.publishTimeout = publishTimeout;
    }

    @Override
    public void handle(Context ctx) {
        long started = System.nanoTime();
        Instant receivedAt = clock.instant();
        try {
            byte[] body = checkedBody(ctx);
            ClayCallback callback = parse(body);
            byte[] digest = Sha256.of(body);
            if (recent.isDuplicate(callback.correlationId(), digest)) {
                answer(ctx, Outcome.DUPLICATE, callback, "duplicate");
                return;
            }
            long remainingNanos = publishTimeout.toNanos() - (System.nanoTime() - started);
            ctx.future(() -> publisher.publish(EnrichmentResult.fromCallback(callback, receivedAt))
                    .orTimeout(Math.max(remainingNanos, 0), TimeUnit.NANOSECONDS)
                    .handle((ignored, error) -> {
                        if (error == null) {
                            recent.accepted(callback.correlationId(), digest);
                            answer(ctx, Outcome.ACCEPTED, callback, "accepted");
                        } else {
                            reject(ctx, unavailable(callback, error));
                        }
                        return null;
                    }));
        } catch (ApiError e) {
            reject(ctx, e);
        }
    }

    private byte[] checkedBody(Context ctx) {
        byte[] body = JsonBody.read(ctx, bodyLimit);
        String refusal = authenticator.refusal(ctx::header, body);
        if (refusal != null) {
            throw ApiError.unauthorized(refusal);
        }
        return body;
    }

    private ClayCallback parse(byte[] body) {
        try {
            return parser.parse(body);
        } catch (CallbackFormatException e) {
            throw new ApiError(ErrorCode.INVALID_CALLBACK, e.getMessage());
        }
    }

    private ApiError unavailable(ClayCallback callback, Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        LOG.warn("callback {} not accepted: Kafka did not acknowledge it within {} ({})", callback.correlationId(),
                publishTimeout, cause.getClass().getSimpleName());
        return KafkaUnavailable.of("the callback", publishTimeout);
    }

    private void answer(Context ctx, Outcome outcome, ClayCallback callback, String status) {
        JsonAnswer.write(ctx, 200, new Answer(status, callback.correlationId()));
        metrics.count(outcome, 200);
    }

    /** The wire form of a 200: {@code {"status":"accepted","correlation_id":"..."}}. */
    record Answer(String status, String correlationId) {}

    private void reject(Context ctx, ApiError error) {
        error.writeTo(ctx);
        if (error.status() == 503) {
            metrics.count(Outcome.UNAVAILABLE, error.status());
            return;
        }
        LOG.info("callback rejected from {}: {} {} ({})", ctx.ip(), error.status(), error.error(), error.detail());
        metrics.count(Outcome.REJECTED, error.status());
    }
}
