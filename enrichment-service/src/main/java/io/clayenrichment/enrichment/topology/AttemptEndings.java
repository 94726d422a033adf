package io.clayenrichment.enrichment.topology;

import io.clayenrichment.common.deadletter.DeadLetterReason;
import io.clayenrichment.common.schema.DispatchReceipt;
import io.clayenrichment.enrichment.budget.Credits;
import io.clayenrichment.enrichment.budget.Reservation;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of attempts that get no result: by the dispatcher's receipt that gives the row up, or by
 * the attempt's deadline. Their requests and waiting duplicates are dead-lettered here, and their
 * reservations kept until the row's fate is known ({@link OpenReservation}): given back only when the
 * row never reached Clay, charged at their estimate when the late-result window ends and it may have.
 */
final class AttemptEndings {

    /** The decider's own logger: its lines read as they did before the decider was split into parts. */
    private static final Logger LOG = LoggerFactory.getLogger(TenantDecider.class);

    /** What is known of an ending attempt's row when it ends without a result. */
    private enum RowFate {
        /** The dispatcher gave it up without any POST reaching Clay: nothing can be charged for it. */
        NEVER_SENT,
        /** A POST of it may have reached Clay. */
        MAY_BE_AT_CLAY,
        /** Its deadline came first: it may still be waiting in the dispatcher, or be at Clay. */
        UNKNOWN
    }

    private final Duration resultTimeout;
    private final Duration lateResultWindow;
    private final BudgetBook budget;
    private final AttemptBook attempts;
    private final DecisionOutputs outputs;

    AttemptEndings(Duration resultTimeout, Duration lateResultWindow, BudgetBook budget, AttemptBook attempts,
            DecisionOutputs outputs) {
        this.resultTimeout = resultTimeout;
        this.lateResultWindow = lateResultWindow;
        this.budget = budget;
        this.attempts = attempts;
        this.outputs = outputs;
    }

    /**
     * The dispatcher's account of a row. {@code sending} and {@code accepted} only mark that Clay may
     * have it; {@code failed} and {@code expired} end the attempt (its request and waiters get their
     * dead letters here, the one place outcomes are written) and release the reservation only when no
     * POST of the row can have reached Clay.
     */
    void onReceipt(String tenant, DispatchReceipt receipt, long now) {
        boolean neverAtClay = receipt.stage().givesUp() && receipt.reachedClay() == DispatchReceipt.Reach.NO;
        String contactKey = receipt.contactKey() == null ? null : TenantKeys.contact(tenant, receipt.contactKey());
        Attempt attempt = contactKey == null ? null : attempts.inFlight(contactKey);
        if (attempt != null && attempt.correlationId().equals(receipt.correlationId())) {
            if (!receipt.stage().givesUp()) {
                attempts.update(contactKey, attempt.markedSent());
                return;
            }
            DeadLetterReason reason = receipt.stage() == DispatchReceipt.Stage.EXPIRED ? DeadLetterReason.RESULT_TIMEOUT
                    : reasonOf(receipt.reason());
            String detail = receipt.detail() == null ? reason.wire() : receipt.detail();
            endWithoutResult(tenant, contactKey, attempt, neverAtClay ? RowFate.NEVER_SENT : RowFate.MAY_BE_AT_CLAY,
                    reason, detail, now);
            return;
        }
        OpenReservation held = attempts.held(tenant, receipt.correlationId());
        if (held == null) {
            return;
        }
        if (neverAtClay) {
            // The dispatcher's last word on the row: it never reached Clay and never will.
            attempts.forgetHeld(tenant, receipt.correlationId());
            budget.release(tenant, held.reservation(), now);
        } else if (!held.sent()) {
            attempts.hold(tenant, receipt.correlationId(), held.markedSent());
        }
    }

    /** Ends, as timed out, every attempt whose deadline has passed with no result and no receipt that ends it. */
    void endPastDeadline(long now) {
        for (String contactKey : attempts.pastDeadline(now)) {
            Attempt attempt = attempts.inFlight(contactKey);
            if (attempt == null) {
                attempts.forgetDeadline(contactKey);
                continue;
            }
            String detail = "no result within " + resultTimeout + " for attempt " + attempt.correlationId();
            endWithoutResult(attempt.request().tenant(), contactKey, attempt, RowFate.UNKNOWN,
                    DeadLetterReason.RESULT_TIMEOUT, detail, now);
        }
    }

    /** Ends the held reservations (a batch of them) whose late-result window is over. */
    void endHeldPastWindow(long now) {
        for (AttemptBook.Due due : attempts.heldPastKeep(now)) {
            endHeld(due, now);
        }
    }

    /**
     * Ends an attempt without a result: its request and waiting duplicates are dead-lettered with
     * {@code reason}. Its reservation is given back only if its row never reached Clay and never will;
     * otherwise it is held for a late result or the dispatcher's last word on the row.
     */
    private void endWithoutResult(String tenant, String contactKey, Attempt attempt, RowFate fate,
            DeadLetterReason reason, String detail, long now) {
        List<Waiter> waiting = attempts.close(contactKey, attempt);
        if (fate == RowFate.NEVER_SENT) {
            budget.release(tenant, attempt.reservation(), now);
        } else {
            attempts.hold(tenant, attempt.correlationId(), new OpenReservation(attempt.request().contactKey(),
                    attempt.reservation(), attempt.startedAtMs(), now + lateResultWindow.toMillis(),
                    fate == RowFate.MAY_BE_AT_CLAY || attempt.sent()));
        }
        outputs.deadLetter(attempt.request(), tenant, reason, detail, attempt.correlationId(), now);
        for (Waiter waiter : waiting) {
            outputs.deadLetter(waiter, tenant, reason, "waited for attempt " + attempt.correlationId()
                    + " of the same contact: " + detail, attempt.correlationId(), now);
        }
        LOG.info("attempt {} of tenant {} ended without a result ({}; reservation {}); {} request(s) dead-lettered",
                attempt.correlationId(), tenant, reason.wire(),
                fate == RowFate.NEVER_SENT ? "released" : "held until the row's fate is known", 1 + waiting.size());
    }

    /**
     * A held reservation whose late-result window is over: charged at its estimate if its row may have
     * reached Clay (Clay may have charged it and its callback is lost), else given back (the row was
     * never sent, and past its deadline it never will be).
     */
    private void endHeld(AttemptBook.Due due, long now) {
        attempts.forgetHeld(due.tenant(), due.correlationId());
        Reservation reservation = due.reservation().reservation();
        if (due.reservation().sent()) {
            budget.settle(due.tenant(), reservation, reservation.costMilli(), now, false);
            LOG.warn("no result for attempt {} of tenant {} within LATE_RESULT_WINDOW={}: charged at its estimate"
                    + " of {}", due.correlationId(), due.tenant(), lateResultWindow,
                    Credits.format(reservation.costMilli()));
        } else {
            budget.release(due.tenant(), reservation, now);
        }
    }

    /** The dead-letter reason a giving-up receipt names; retries_exhausted when it names none we know. */
    private static DeadLetterReason reasonOf(String wire) {
        try {
            return wire == null ? DeadLetterReason.RETRIES_EXHAUSTED : DeadLetterReason.fromWire(wire);
        } catch (IllegalArgumentException e) {
            return DeadLetterReason.RETRIES_EXHAUSTED;
        }
    }
}
