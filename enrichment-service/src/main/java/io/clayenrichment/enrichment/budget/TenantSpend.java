package io.clayenrichment.enrichment.budget;

/**
 * A tenant's spend in its current UTC day and month: one store entry per tenant, so a decision reads
 * and writes one key. When a period ends its spend starts again from zero ({@link #rolledTo}).
 */
public record TenantSpend(String dayId, Spend day, String monthId, Spend month) {

    public static TenantSpend startingAt(long epochMillis) {
        return new TenantSpend(Period.DAY.idAt(epochMillis), Spend.NONE, Period.MONTH.idAt(epochMillis), Spend.NONE);
    }

    /** This spend as of {@code epochMillis}: a period that has ended is replaced by an empty one. */
    public TenantSpend rolledTo(long epochMillis) {
        String nowDay = Period.DAY.idAt(epochMillis);
        String nowMonth = Period.MONTH.idAt(epochMillis);
        if (nowDay.equals(dayId) && nowMonth.equals(monthId)) {
            return this;
        }
        return new TenantSpend(nowDay, nowDay.equals(dayId) ? day : Spend.NONE, nowMonth,
                nowMonth.equals(monthId) ? month : Spend.NONE);
    }

    /** The spend in the periods of {@code reservation}, if they are this spend's (null when one has ended). */
    public Spend in(Period period, Reservation reservation) {
        return period == Period.DAY ? (dayId.equals(reservation.dayId()) ? day : null)
                : (monthId.equals(reservation.monthId()) ? month : null);
    }

    public TenantSpend settle(Reservation reservation, long actualMilli) {
        return settle(reservation.dayId(), reservation.monthId(), reservation.costMilli(), actualMilli);
    }

    public TenantSpend reserve(long milli) {
        return new TenantSpend(dayId, day.reserve(milli), monthId, month.reserve(milli));
    }

    /**
     * Replaces a reservation taken in the periods {@code reservedDayId}/{@code reservedMonthId} by what it
     * really cost; a period that has ended since is closed and left as it is.
     */
    public TenantSpend settle(String reservedDayId, String reservedMonthId, long reservedMilli, long actualMilli) {
        return new TenantSpend(dayId, dayId.equals(reservedDayId) ? day.settle(reservedMilli, actualMilli) : day,
                monthId, monthId.equals(reservedMonthId) ? month.settle(reservedMilli, actualMilli) : month);
    }
}
