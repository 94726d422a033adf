package io.clayenrichment.enrichment.sync;

/** How a submitted request ended, as seen on the platform's output topics. */
public sealed interface Outcome {

    /**
     * A result on {@code enriched.contacts} carrying the request's id: from Clay or from the cache.
     *
     * @param json the result exactly as published
     */
    record Answered(byte[] json) implements Outcome {}

    /** A dead letter of the request, with the contract's {@code dlq.*} headers. */
    record DeadLettered(String reason, String detail, String correlationId) implements Outcome {}
}
