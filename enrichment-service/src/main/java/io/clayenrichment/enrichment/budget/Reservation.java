package io.clayenrichment.enrichment.budget;

/**
 * Credits set aside for one attempt, in the UTC day and month they were taken from: settling or
 * releasing them later touches those periods only (a period that has ended since stays as it closed).
 */
public record Reservation(long costMilli, String dayId, String monthId) {}
