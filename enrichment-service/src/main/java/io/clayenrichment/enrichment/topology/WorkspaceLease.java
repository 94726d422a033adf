package io.clayenrichment.enrichment.topology;

/**
 * One decider task's lease of the workspace budget, in the UTC day and month it was granted for.
 *
 * @param availableMilli leased credits not yet reserved by an attempt
 * @param askedMilli credits asked for and not yet answered (0: no ask in flight)
 * @param wantMilli what the next ask asks for (doubles while the task keeps needing more)
 * @param needMilli the least the first waiting request needs
 * @param unreportedSpentMilli what results charged for leased reservations, not yet told to the owner
 * @param refusedUntilMs until when the owner's last refusal stands (no new ask before)
 * @param refusal why the owner refused, for the dead letters
 * @param lastTakeMs when an attempt last reserved from the lease (an idle lease is given back)
 * @param firstWaiting sequence of the oldest waiting request; {@code nextWaiting} the next free one
 */
public record WorkspaceLease(String dayId, String monthId, long availableMilli, long askedMilli, long wantMilli,
        long needMilli, long unreportedSpentMilli, long refusedUntilMs, String refusal, long lastTakeMs,
        long firstWaiting, long nextWaiting) {

    static WorkspaceLease empty(String dayId, String monthId, long wantMilli) {
        return new WorkspaceLease(dayId, monthId, 0, 0, wantMilli, 0, 0, 0, null, 0, 0, 0);
    }

    boolean hasWaiting() {
        return firstWaiting < nextWaiting;
    }

    boolean isFor(String day, String month) {
        return dayId.equals(day) && monthId.equals(month);
    }

    /** The same waiting queue in new periods, with nothing leased or asked. */
    WorkspaceLease renewedFor(String day, String month, long initialWantMilli) {
        return new WorkspaceLease(day, month, 0, 0, initialWantMilli, needMilli, 0, 0, null, lastTakeMs,
                firstWaiting, nextWaiting);
    }

    WorkspaceLease withAvailable(long milli) {
        return new WorkspaceLease(dayId, monthId, milli, askedMilli, wantMilli, needMilli, unreportedSpentMilli,
                refusedUntilMs, refusal, lastTakeMs, firstWaiting, nextWaiting);
    }

    WorkspaceLease taken(long milli, long nowMs) {
        return new WorkspaceLease(dayId, monthId, availableMilli - milli, askedMilli, wantMilli, needMilli,
                unreportedSpentMilli, refusedUntilMs, refusal, nowMs, firstWaiting, nextWaiting);
    }

    WorkspaceLease asked(long askedMilli, long nextWantMilli, long needMilli) {
        return new WorkspaceLease(dayId, monthId, availableMilli, askedMilli, nextWantMilli, needMilli, 0,
                refusedUntilMs, refusal, lastTakeMs, firstWaiting, nextWaiting);
    }

    WorkspaceLease answered(long grantedMilli, long refusedUntilMs, String refusal) {
        return new WorkspaceLease(dayId, monthId, availableMilli + grantedMilli, 0, wantMilli, needMilli,
                unreportedSpentMilli, refusedUntilMs, refusal, lastTakeMs, firstWaiting, nextWaiting);
    }

    WorkspaceLease withSpent(long availableMilli, long unreportedSpentMilli) {
        return new WorkspaceLease(dayId, monthId, availableMilli, askedMilli, wantMilli, needMilli,
                unreportedSpentMilli, refusedUntilMs, refusal, lastTakeMs, firstWaiting, nextWaiting);
    }

    /** Nothing leased, spent figures reported, the next ask back at its first size: after a return. */
    WorkspaceLease returned(long initialWantMilli) {
        return new WorkspaceLease(dayId, monthId, 0, askedMilli, initialWantMilli, needMilli, 0, refusedUntilMs,
                refusal, lastTakeMs, firstWaiting, nextWaiting);
    }

    WorkspaceLease queued(long needMilli) {
        return new WorkspaceLease(dayId, monthId, availableMilli, askedMilli, wantMilli,
                hasWaiting() ? this.needMilli : needMilli, unreportedSpentMilli, refusedUntilMs, refusal, lastTakeMs,
                firstWaiting, nextWaiting + 1);
    }

    WorkspaceLease dequeued(long needOfNextMilli) {
        return new WorkspaceLease(dayId, monthId, availableMilli, askedMilli, wantMilli, needOfNextMilli,
                unreportedSpentMilli, refusedUntilMs, refusal, lastTakeMs, firstWaiting + 1, nextWaiting);
    }
}
