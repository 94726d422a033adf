package io.clayenrichment.enrichment.budget;

import io.clayenrichment.common.schema.ClayCallback;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Credits are counted internally as whole milli-credits ({@code long}) so that reservations and
 * settlements add up without floating-point drift; JSON shows them as decimals.
 */
public final class Credits {

    private static final int MILLI_DIGITS = 3;
    /**
     * The most one result may charge, {@link ClayCallback#MAX_CREDITS_USED}: the receiver refuses
     * callbacks above it; the topology clamps what any other producer writes to it.
     */
    public static final long MAX_PER_RESULT_MILLI = ClayCallback.MAX_CREDITS_USED * 1000L;

    private Credits() {}

    /** Milli-credits of a decimal amount, rounded half-up to the nearest milli-credit. */
    public static long toMilli(BigDecimal credits) {
        return credits.movePointRight(MILLI_DIGITS).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    public static long toMilli(double credits) {
        return toMilli(BigDecimal.valueOf(credits));
    }

    /**
     * What a result charges, in milli-credits: its {@code credits_used} within 0 and
     * {@link #MAX_PER_RESULT_MILLI}, or {@code estimateMilli} when it gives none or one that is not a
     * number from 0 up (no record of any producer can make this throw).
     */
    public static long charged(Double creditsUsed, long estimateMilli) {
        if (creditsUsed == null || creditsUsed.isNaN() || creditsUsed < 0) {
            return estimateMilli;
        }
        if (creditsUsed >= MAX_PER_RESULT_MILLI / 1000.0) {
            return MAX_PER_RESULT_MILLI;
        }
        return toMilli(creditsUsed);
    }

    /** Whether {@link #charged} changes what a result reports (so it is worth a warning). */
    public static boolean isOutOfRange(Double creditsUsed) {
        return creditsUsed != null && (creditsUsed.isNaN() || creditsUsed < 0
                || creditsUsed > MAX_PER_RESULT_MILLI / 1000.0);
    }

    /** The decimal amount, without trailing zeros ("100", "0.5"). */
    public static BigDecimal fromMilli(long milli) {
        BigDecimal value = BigDecimal.valueOf(milli, MILLI_DIGITS).stripTrailingZeros();
        return value.scale() < 0 ? value.setScale(0) : value;
    }

    public static String format(long milli) {
        return fromMilli(milli).toPlainString();
    }
}
