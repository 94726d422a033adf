package io.clayenrichment.enrichment.budget;

/**
 * Credits set aside for one attempt, in the UTC day and month they were taken from: settling or
 * releasing them later touches those periods only (a period that has ended since stays as it closed).
 * {@code leased}: taken from its task's lease of the workspace budget, so settling it returns to that
 * lease what Clay did not charge.
 */
public record Reservation(long costMilli, String dayId, String monthId, boolean leased) {

    /** A reservation taken from no workspace lease (the workspace budget is off). */
    public Reservation(long costMilli, String dayId, String monthId) {
        this(costMilli, dayId, monthId, false);
    }
}
