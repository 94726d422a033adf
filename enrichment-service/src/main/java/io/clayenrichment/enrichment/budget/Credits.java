package io.clayenrichment.enrichment.budget;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Credits are counted internally as whole milli-credits ({@code long}) so that reservations and
 * settlements add up without floating-point drift; JSON shows them as decimals.
 */
public final class Credits {

    private static final int MILLI_DIGITS = 3;

    private Credits() {}

    /** Milli-credits of a decimal amount, rounded half-up to the nearest milli-credit. */
    public static long toMilli(BigDecimal credits) {
        return credits.movePointRight(MILLI_DIGITS).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    public static long toMilli(double credits) {
        return toMilli(BigDecimal.valueOf(credits));
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
