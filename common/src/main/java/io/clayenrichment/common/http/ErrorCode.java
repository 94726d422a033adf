package io.clayenrichment.common.http;

import java.util.Locale;

/**
 * Every {@code error} code the two services answer with, and its HTTP status: one closed set, so a
 * meaning has one code whichever service answers. The table in {@code docs/http-api.md} ("Error
 * codes") documents them; {@code ErrorCodesDocTest} keeps it equal to this enum. A code on the wire is
 * part of the contract: rename one only with a CHANGELOG entry.
 */
public enum ErrorCode {

    /** The body of {@code POST /clay-webhook} is not a Clay callback; the detail names the field. */
    INVALID_CALLBACK(400),
    /** An enrichment request (HTTP intake, {@code POST /v1/enrich}) is not one; the detail names the item and field. */
    INVALID_REQUEST(400),
    /** A budget change is not one ({@code PUT /v1/budgets/{tenant}}, {@code PUT /v1/workspace-budget}). */
    INVALID_BODY(400),
    /** The tenant in the path is empty, too long or holds control characters. */
    INVALID_TENANT(400),
    /** The contact key in the path is not {@code email:}, {@code linkedin:} or {@code name:} one. */
    INVALID_CONTACT_KEY(400),
    /** {@code ?wait=} is neither whole seconds nor an ISO-8601 duration, or is negative. */
    INVALID_WAIT(400),
    /** The connection broke while the body was being read. */
    UNREADABLE_BODY(400),
    /** A request Javalin itself refused before any route read it (any other 4xx it raises). */
    BAD_REQUEST(400),
    /** No token, another scheme, or a token that is not one of the route's; answered with {@code WWW-Authenticate}. */
    UNAUTHORIZED(401),
    /** The token is valid but may not do this: a tenant outside its scope, a read token on a change. */
    FORBIDDEN(403),
    /** No such route, or nothing stored under the key asked for. */
    NOT_FOUND(404),
    /** With {@code UNKNOWN_TENANTS=refuse}: the tenant is not known, so it has no budget. */
    UNKNOWN_TENANT(404),
    /** {@code POST /v1/requests} while {@code INTAKE_TOKENS} is not set on the receiver. */
    INTAKE_DISABLED(404),
    /** {@code POST /v1/enrich} while {@code INTAKE_TOKENS} is not set on the enrichment service. */
    SYNC_API_DISABLED(404),
    /** The workspace budget is off (neither {@code WORKSPACE_BUDGET_DAILY} nor {@code _MONTHLY} set). */
    NO_WORKSPACE_BUDGET(404),
    /** A known path asked with another method; {@code Allow} lists the methods it takes. */
    METHOD_NOT_ALLOWED(405),
    /** A call of the same tenant with the same {@code request_id} is already waiting. */
    ALREADY_WAITING(409),
    /** The body is over the server's limit, declared or read. */
    BODY_TOO_LARGE(413),
    /** An intake batch has more items than {@code INTAKE_MAX_BATCH}. */
    BATCH_TOO_LARGE(413),
    /** The body is not declared JSON ({@code application/json} or {@code application/*+json}). */
    UNSUPPORTED_MEDIA_TYPE(415),
    /** {@code SYNC_MAX_WAITERS} calls already wait on this instance; with {@code Retry-After}. */
    TOO_MANY_WAITERS(429),
    /** An unexpected failure; the detail names only its class, the service's log has the rest. */
    INTERNAL(500),
    /** Kafka did not acknowledge the write in time: nothing was accepted, send it again after {@code Retry-After}. */
    KAFKA_UNAVAILABLE(503),
    /** The state asked for cannot be read now (rebalancing, restoring, the owner not answering); with {@code Retry-After}. */
    UNAVAILABLE(503),
    /** A budget change while {@code OPERATOR_TOKEN} is not set: changes are disabled. */
    OPERATOR_TOKEN_NOT_CONFIGURED(503),
    /** {@code GET /health/live}: the process cannot do its work any more and should be restarted. */
    NOT_LIVE(503),
    /** {@code GET /health/ready}: the service cannot take work now (Kafka unreachable, Streams not RUNNING, stopping). */
    NOT_READY(503);

    private final int status;

    ErrorCode(int status) {
        this.status = status;
    }

    /** The HTTP status every answer with this code has. */
    public int status() {
        return status;
    }

    /** The code as the {@code error} field carries it: {@code body_too_large}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
