package io.clayenrichment.enrichment.http;

import io.clayenrichment.common.auth.IntakeAuthenticator;
import io.clayenrichment.common.auth.TenantScope;
import io.clayenrichment.common.deadletter.DeadLetterReason;
import io.clayenrichment.common.http.ApiError;
import io.clayenrichment.common.http.ErrorCode;
import io.clayenrichment.common.http.JsonAnswer;
import io.clayenrichment.common.http.JsonBody;
import io.clayenrichment.common.intake.IntakeItem;
import io.clayenrichment.common.intake.RequestBatchParser;
import io.clayenrichment.common.intake.TenantCheck;
import io.clayenrichment.enrichment.sync.Outcome;
import io.clayenrichment.enrichment.sync.RequestSubmitter;
import io.clayenrichment.enrichment.sync.SyncSettings;
import io.clayenrichment.enrichment.sync.Waiters;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/enrich}: one request, of a tenant the caller's intake token may submit for (403 before
 * anything is produced otherwise), published to {@code enrichment.requests}, answered with its
 * outcome if it comes within {@code ?wait=}: 200 with the result (from Clay or the cache), 402 when
 * the tenant's budget refused it, 403 when the tenant is not known and unknown tenants are refused,
 * 202 with its ids when the wait ends first. The call holds no thread
 * while it waits: it is a future completed by the outcome watch.
 */
public final class EnrichRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(EnrichRoutes.class);

    private final SyncSettings settings;
    private final IntakeAuthenticator authenticator;
    private final RequestBatchParser parser = new RequestBatchParser(1, () -> UUID.randomUUID().toString());
    private final RequestSubmitter submitter;
    private final Waiters waiters;
    private final MeterRegistry registry;
    private final Timer answered;

    public EnrichRoutes(SyncSettings settings, RequestSubmitter submitter, Waiters waiters, MeterRegistry registry) {
        this.settings = settings;
        this.authenticator = new IntakeAuthenticator(settings.tokens());
        this.submitter = submitter;
        this.waiters = waiters;
        this.registry = registry;
        this.answered = Timer.builder("clay.enrichment.sync.wait").publishPercentileHistogram()
                .description("POST /v1/enrich: from the call to its 200 answer").register(registry);
        Gauge.builder("clay.enrichment.sync.waiting", waiters, Waiters::size)
                .description("POST /v1/enrich calls waiting for their outcome").register(registry);
    }

    /** The route while no {@code INTAKE_TOKENS} are set: 404, saying how to enable it. */
    public static void registerDisabled(JavalinConfig config) {
        config.routes.post("/v1/enrich", ctx -> {
            throw new ApiError(ErrorCode.SYNC_API_DISABLED,
                    "the synchronous API is disabled: set INTAKE_TOKENS on the enrichment-service to enable it");
        });
    }

    public void register(JavalinConfig config) {
        config.routes.post("/v1/enrich", this::enrich);
    }

    /** The body of every refusal and of the 202: what a caller needs to follow the request up. */
    record Answer(String status, String error, String detail, String requestId, String correlationId,
            String contactKey, String lookup) {}

    private void enrich(Context ctx) {
        long started = System.nanoTime();
        try {
            TenantScope scope = authorise(ctx);
            byte[] body = JsonBody.read(ctx, HttpApi.BODY_LIMIT);
            Duration wait = waitOf(ctx.queryParam("wait"));
            IntakeItem item = parse(body, scope);
            // by tenant and request id: another tenant's call with the same request id is another call
            Waiters.Key key = new Waiters.Key(item.tenant(), item.requestId());
            Waiters.Waiter waiter = waiters.register(key).orElseThrow(() -> busy(key));
            ctx.future(() -> submitter.submit(item)
                    .thenCompose(acknowledged -> waiter.outcome().completeOnTimeout(null, wait.toMillis(),
                            TimeUnit.MILLISECONDS))
                    .handle((outcome, error) -> {
                        try {
                            respond(ctx, item, waiter, outcome, error, started);
                        } finally {
                            waiters.remove(key);
                        }
                        return null;
                    }));
        } catch (ApiError e) {
            count(e.status() == 503 || e.status() == 429 ? "unavailable" : "rejected", e.status());
            throw e;
        }
    }

    private void respond(Context ctx, IntakeItem item, Waiters.Waiter waiter, Outcome outcome, Throwable error,
            long started) {
        String correlationId = waiter.correlationId().orElse(null);
        if (error != null) {
            LOG.warn("synchronous request {} not accepted: Kafka did not acknowledge it within {} ({})",
                    item.requestId(), RequestSubmitter.PUBLISH_TIMEOUT, rootOf(error).toString());
            ctx.header("Retry-After", "5");
            answer(ctx, 503, "unavailable", new Answer(null, ErrorCode.KAFKA_UNAVAILABLE.wire(), "the request was not published: "
                    + rootOf(error).getClass().getSimpleName(), item.requestId(), null, item.contactKey(), null));
        } else if (outcome == null) {
            answer(ctx, 202, "pending", new Answer("pending", null, null, item.requestId(), correlationId,
                    item.contactKey(), "/v1/contacts/" + URLEncoder.encode(item.contactKey(), StandardCharsets.UTF_8)));
        } else if (outcome instanceof Outcome.Answered result) {
            answered.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            count("answered", 200);
            JsonAnswer.writeJson(ctx, 200, result.json());
        } else {
            Outcome.DeadLettered letter = (Outcome.DeadLettered) outcome;
            int status = statusOf(letter.reason());
            answer(ctx, status, status == 402 || status == 403 ? "denied" : "failed", new Answer("dead_lettered", letter.reason(),
                    letter.detail(), item.requestId(), letter.correlationId(), item.contactKey(), null));
        }
    }

    /**
     * Budget refusals are 402 (the caller's credits, not the call, are the problem), an unknown tenant
     * 403 (the call is understood, its tenant is not served); Clay failures are 5xx.
     */
    static int statusOf(String reason) {
        if (reason.equals(DeadLetterReason.UNKNOWN_TENANT.wire())) {
            return 403;
        }
        if (reason.equals(DeadLetterReason.BUDGET_EXHAUSTED.wire()) || reason.equals(DeadLetterReason.BREAKER_OPEN.wire())) {
            return 402;
        }
        if (reason.equals(DeadLetterReason.INVALID.wire())) {
            return 400;
        }
        return reason.equals(DeadLetterReason.RESULT_TIMEOUT.wire()) ? 504 : 502;
    }

    private void answer(Context ctx, int status, String outcome, Answer body) {
        count(outcome, status);
        JsonAnswer.write(ctx, status, body);
    }

    /** The tenants the caller's token may submit for. */
    private TenantScope authorise(Context ctx) {
        IntakeAuthenticator.Caller caller = authenticator.check(ctx.header("Authorization"));
        if (caller.refused()) {
            throw ApiError.unauthorized(caller.refusal());
        }
        return caller.scope();
    }

    /**
     * The request, once valid and of a tenant in the caller's scope: only then is anything produced.
     *
     * @throws io.clayenrichment.common.intake.RejectedRequest (an {@link ApiError}) saying what is wrong
     */
    private IntakeItem parse(byte[] body, TenantScope scope) {
        IntakeItem item = parser.parseOne(body);
        TenantCheck.requireInScope(scope, item);
        return item;
    }

    private ApiError busy(Waiters.Key key) {
        if (waiters.isWaiting(key)) {
            return new ApiError(ErrorCode.ALREADY_WAITING, "a call of this tenant is already waiting for request_id '"
                    + key.requestId() + "': use a new request_id, or wait for that call");
        }
        return new ApiError(ErrorCode.TOO_MANY_WAITERS, "this instance already has " + waiters.limit()
                + " calls waiting (SYNC_MAX_WAITERS): retry shortly, or use POST /v1/requests on the webhook-receiver")
                .retryAfter(Duration.ofSeconds(1));
    }

    /** {@code ?wait=} in seconds ({@code 30}) or ISO-8601 ({@code PT30S}); absent = the default; capped. */
    Duration waitOf(String text) {
        if (text == null || text.isBlank()) {
            return settings.defaultWait();
        }
        Duration wait;
        try {
            wait = text.strip().matches("\\d{1,9}") ? Duration.ofSeconds(Long.parseLong(text.strip()))
                    : Duration.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new ApiError(ErrorCode.INVALID_WAIT, "wait must be whole seconds (30) or an ISO-8601 duration "
                    + "(PT30S); got '" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'");
        }
        if (wait.isNegative()) {
            throw new ApiError(ErrorCode.INVALID_WAIT, "wait must not be negative");
        }
        return wait.compareTo(settings.maxWait()) > 0 ? settings.maxWait() : wait;
    }

    private static Throwable rootOf(Throwable error) {
        return error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
    }

    private void count(String outcome, int status) {
        Counter.builder("clay.enrichment.sync.requests").tag("outcome", outcome).tag("status", String.valueOf(status))
                .description("POST /v1/enrich answers by outcome and status").register(registry).increment();
    }
}
