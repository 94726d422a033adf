package io.clayenrichment.receiver.intake;

import io.clayenrichment.common.http.ApiError;
import io.clayenrichment.common.http.BodyLimit;
import io.clayenrichment.common.http.ErrorCode;
import io.clayenrichment.common.http.JsonAnswer;
import io.clayenrichment.common.http.JsonBody;
import io.clayenrichment.common.intake.IntakeItem;
import io.clayenrichment.common.intake.RequestBatchParser;
import io.clayenrichment.common.intake.TenantCheck;
import io.clayenrichment.common.auth.IntakeAuthenticator;
import io.clayenrichment.common.auth.TenantScope;
import io.clayenrichment.receiver.http.KafkaUnavailable;
import io.clayenrichment.receiver.metrics.IntakeMetrics;
import io.clayenrichment.receiver.metrics.IntakeMetrics.Outcome;
import io.clayenrichment.receiver.publish.KafkaRequestPublisher;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/requests}: enrichment requests from producers that do not speak Kafka. Checks size
 * (413), Content-Type (415), token (401), then every item (400 naming the first bad one), then every
 * item's tenant against the token's scope (403 naming the items outside it); nothing is published
 * unless all pass. Publishes them all and answers 202 only once Kafka acknowledged every item, or 503
 * with Retry-After when it did not within the publish timeout.
 */
public final class IntakeEndpoint implements Handler {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeEndpoint.class);

    private final IntakeAuthenticator authenticator;
    private final RequestBatchParser parser;
    private final KafkaRequestPublisher publisher;
    private final IntakeMetrics metrics;
    private final BodyLimit bodyLimit;
    private final Duration publishTimeout;

    public IntakeEndpoint(IntakeAuthenticator authenticator, RequestBatchParser parser,
            KafkaRequestPublisher publisher, IntakeMetrics metrics, BodyLimit bodyLimit, Duration publishTimeout) {
        this.authenticator = authenticator;
        this.parser = parser;
        this.publisher = publisher;
        this.metrics = metrics;
        this.bodyLimit = bodyLimit;
        this.publishTimeout = publishTimeout;
    }

    /** The answer while no {@code INTAKE_TOKENS} are set: 404, saying the intake is disabled. */
    public static Handler disabled(IntakeMetrics metrics) {
        return ctx -> {
            new ApiError(ErrorCode.INTAKE_DISABLED, "the HTTP intake is disabled: set INTAKE_TOKENS on the "
                    + "webhook-receiver to enable it").writeTo(ctx);
            metrics.count(Outcome.REJECTED, 404, 1);
        };
    }

    @Override
    public void handle(Context ctx) {
        long started = System.nanoTime();
        try {
            byte[] body = JsonBody.read(ctx, bodyLimit);
            IntakeAuthenticator.Caller caller = authenticator.check(ctx.header("Authorization"));
            if (caller.refused()) {
                throw ApiError.unauthorized(caller.refusal());
            }
            List<IntakeItem> items = parse(body, caller.scope());
            long deadline = started + publishTimeout.toNanos();
            // The remaining time is taken after the sends: a send that blocked on metadata used it up.
            ctx.future(() -> publisher.publish(items, deadline)
                    .orTimeout(Math.max(deadline - System.nanoTime(), 0), TimeUnit.NANOSECONDS)
                    .handle((ignored, error) -> {
                        if (error == null) {
                            JsonAnswer.write(ctx, 202, new Accepted("accepted",
                                    items.stream().map(IntakeItem::requestId).toList()));
                            metrics.count(Outcome.ACCEPTED, 202, items.size());
                        } else {
                            reject(ctx, unavailable(items.size(), error));
                        }
                        return null;
                    }));
        } catch (ApiError e) {
            reject(ctx, e);
        }
    }

    /**
     * The items, once all are valid and of tenants in the caller's scope: the batch is all or nothing.
     *
     * @throws io.clayenrichment.common.intake.RejectedRequest (an {@link ApiError}) naming the first bad item
     */
    private List<IntakeItem> parse(byte[] body, TenantScope scope) {
        List<IntakeItem> items = parser.parse(body);
        TenantCheck.requireInScope(scope, items);
        return items;
    }

    /** The wire form of a 202: {@code {"status":"accepted","request_ids":[...]}}, in the order sent. */
    record Accepted(String status, List<String> requestIds) {}

    private ApiError unavailable(int count, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        LOG.warn("intake batch of {} not accepted: Kafka did not acknowledge it within {} ({})", count,
                publishTimeout, cause.getClass().getSimpleName());
        return KafkaUnavailable.of("the batch", publishTimeout);
    }

    private void reject(Context ctx, ApiError error) {
        error.writeTo(ctx);
        if (error.status() == 503) {
            metrics.count(Outcome.UNAVAILABLE, 503, 1);
            return;
        }
        LOG.info("intake call rejected from {}: {} {} ({})", ctx.ip(), error.status(), error.error(), error.detail());
        metrics.count(Outcome.REJECTED, error.status(), 1);
    }
}
