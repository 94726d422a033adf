package io.clayenrichment.enrichment.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import io.clayenrichment.common.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What Clay answered to one POST (or that it did not answer), classified for the dispatcher. An I/O
 * failure or timeout has status 0 and a {@code failure} text instead of a body.
 */
record ClayReply(int status, String retryAfterHeader, String bodyExcerpt, String failure, Duration elapsed,
        boolean unansweredAfterSending) {

    ClayReply(int status, String retryAfterHeader, String bodyExcerpt, String failure, Duration elapsed) {
        this(status, retryAfterHeader, bodyExcerpt, failure, elapsed, false);
    }

    /** The body Clay sends (as the sandbox engineer agreed) once a webhook URL has taken its 50,000 rows. */
    static final String WEBHOOK_LIMIT_REACHED = "webhook_limit_reached";
    static final int EXCERPT_CHARS = 200;

    enum Kind {
        /** 2xx: Clay made the row. */
        ACCEPTED,
        /** 429: too fast for the workspace; retried after {@code Retry-After}. */
        RATE_LIMITED,
        /** 5xx, I/O error or timeout: Clay is unwell; retried, and counted by the health breaker. */
        UNAVAILABLE,
        /** A 4xx whose body says {@code webhook_limit_reached}: this URL is used up, the row moves on. */
        URL_USED_UP,
        /** Any other answer (401 bad token, 404 deleted source, 400, 413...): the row is refused for good. */
        REJECTED
    }

    /**
     * No answer. {@code mayHaveBeenSent}: the request may have left (a timeout, a connection lost
     * after sending), unlike a connection that was refused or never made.
     */
    static ClayReply failed(String failure, Duration elapsed, boolean mayHaveBeenSent) {
        return new ClayReply(0, null, "", failure, elapsed, mayHaveBeenSent);
    }

    /**
     * Whether Clay may have made a row of this POST: it accepted it, or no answer came after the
     * request may have left. An HTTP answer other than 2xx means Clay did not take it.
     */
    boolean mayHaveReachedClay() {
        return kind() == Kind.ACCEPTED || status == 0 && unansweredAfterSending;
    }

    Kind kind() {
        if (status == 0) {
            return Kind.UNAVAILABLE;
        }
        if (status >= 200 && status < 300) {
            return Kind.ACCEPTED;
        }
        if (status == 429) {
            return Kind.RATE_LIMITED;
        }
        if (status >= 500) {
            return Kind.UNAVAILABLE;
        }
        if (status >= 400 && WEBHOOK_LIMIT_REACHED.equals(errorCode())) {
            return Kind.URL_USED_UP;
        }
        return Kind.REJECTED;
    }

    Optional<Duration> retryAfter(Instant now) {
        return RetryAfter.parse(retryAfterHeader, now);
    }

    /** The metric tag: the HTTP status, or {@code io_error} when there was no answer. */
    String statusTag() {
        return status == 0 ? "io_error" : Integer.toString(status);
    }

    /** One line for a dead letter's detail or a log: the status and a short excerpt of the body. */
    String describe() {
        if (status == 0) {
            return "no answer from Clay: " + failure;
        }
        return "HTTP " + status + (bodyExcerpt.isEmpty() ? "" : ": " + bodyExcerpt);
    }

    private String errorCode() {
        try {
            JsonNode error = Json.mapper().readTree(bodyExcerpt).path("error");
            return error.isTextual() ? error.asText() : null;
        } catch (IOException | RuntimeException notJson) {
            return null;
        }
    }

    /** The start of a body, on one line, with the auth token blanked should Clay ever echo it. */
    static String excerpt(String body, String secret) {
        String text = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        if (secret != null && !secret.isBlank()) {
            text = text.replace(secret, "[redacted]");
        }
        return text.length() <= EXCERPT_CHARS ? text : text.substring(0, EXCERPT_CHARS - 3) + "...";
    }
}
