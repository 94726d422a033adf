package io.clayenrichment.enrichment.topology;

/**
 * The owner's answer to an ask, on the grants topic, in the holder's partition: credits leased in
 * the owner's current periods, or none (with the figures that refused it) when less is left than
 * the holder needs, or the workspace breaker is forced open.
 */
public record LeaseGrant(int holder, String dayId, String monthId, long grantedMilli, String refusal) {

    boolean refused() {
        return grantedMilli <= 0;
    }
}
