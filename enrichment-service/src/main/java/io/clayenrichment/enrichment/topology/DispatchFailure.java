package io.clayenrichment.enrichment.topology;

/** The dispatcher gave up on an attempt (its dead letter on dlq.clay), so the attempt is over. */
public record DispatchFailure(String correlationId, String contactKey, String reason, String detail) {}
