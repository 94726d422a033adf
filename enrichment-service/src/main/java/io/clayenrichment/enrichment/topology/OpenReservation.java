package io.clayenrichment.enrichment.topology;

import io.clayenrichment.enrichment.budget.Reservation;

/**
 * The reservation of an attempt that ended without a result (its request already has its outcome)
 * while its row's fate was not yet known: Clay may still charge for it, or the dispatcher may still
 * report that it never sent it. It is held, counted in the budget, until a receipt releases it, a
 * late result settles it, or {@code keepUntilMs} passes (then it is charged at its estimate if the
 * row may have reached Clay, else released). Key: {@link TenantKeys#contact}(tenant, correlation id).
 *
 * @param contactKey the attempt's contact, whose cache a late result fills
 * @param sent the row may have reached Clay
 */
public record OpenReservation(
        String contactKey,
        Reservation reservation,
        long startedAtMs,
        long keepUntilMs,
        boolean sent) {

    public OpenReservation markedSent() {
        return sent ? this : new OpenReservation(contactKey, reservation, startedAtMs, keepUntilMs, true);
    }
}
