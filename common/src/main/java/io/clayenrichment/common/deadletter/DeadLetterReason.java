package io.clayenrichment.common.deadletter;

import java.util.Locale;

/** Why a record went to {@code dlq.clay}; the wire value is the {@code dlq.reason} header. */
public enum DeadLetterReason {
    /** The request does not parse or has no usable identity. */
    INVALID,
    /** The tenant's credit budget for the day or month cannot afford it. */
    BUDGET_EXHAUSTED,
    /** An operator forced the tenant's credit breaker open. */
    BREAKER_OPEN,
    /** Clay refused the row for good (a 4xx other than 429). */
    CLAY_REJECTED,
    /** Clay kept failing after every retry. */
    RETRIES_EXHAUSTED,
    /** No result came back within the result timeout, or the row could not be sent before it. */
    RESULT_TIMEOUT,
    /** More requests for one contact were already waiting for its attempt than MAX_WAITERS_PER_CONTACT. */
    TOO_MANY_DUPLICATES,
    /** The tenant is not a known one (KNOWN_TENANTS, CREDIT_BUDGETS) and the service refuses unknown tenants. */
    UNKNOWN_TENANT;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DeadLetterReason fromWire(String value) {
        return valueOf(value.strip().toUpperCase(Locale.ROOT));
    }
}
