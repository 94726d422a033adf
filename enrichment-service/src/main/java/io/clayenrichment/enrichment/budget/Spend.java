package io.clayenrichment.enrichment.budget;

/**
 * What a tenant has committed in one period: credits reserved for attempts still waiting for a
 * result, and credits settled by results. Both in milli-credits.
 */
public record Spend(long reservedMilli, long spentMilli) {

    public static final Spend NONE = new Spend(0, 0);

    public long committedMilli() {
        return reservedMilli + spentMilli;
    }

    public Spend reserve(long milli) {
        return new Spend(reservedMilli + milli, spentMilli);
    }

    /** Replaces a reservation by what it really cost (0 when released or refunded). */
    public Spend settle(long reservedMilli, long actualMilli) {
        return new Spend(Math.max(0, this.reservedMilli - reservedMilli), spentMilli + actualMilli);
    }
}
