package io.clayenrichment.receiver.callback;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import io.clayenrichment.common.schema.Blank;
import io.clayenrichment.common.schema.ClayCallback;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * The rule for {@code credits_used}. Absent, null, {@code ""} and {@code "null"} are not given.
 * Otherwise it is a JSON number or a string holding one ({@code "3"}, {@code " 2.5 "}), from 0 to
 * {@link ClayCallback#MAX_CREDITS_USED}, judged as the exact decimal sent, and one a double can carry
 * (results carry credits as a double): a non-zero amount that a double would turn into 0, such as
 * {@code 1e-400}, is refused rather than settled as free.
 *
 * <p>Amounts finer than a milli-credit are accepted and published as sent; the enrichment service
 * settles them rounded half-up to the milli-credit ({@code 0.0005} is 0.001, {@code 0.0004} is 0).
 */
final class CreditsUsed {

    static final String FIELD = "credits_used";

    private static final BigDecimal MAX = BigDecimal.valueOf(ClayCallback.MAX_CREDITS_USED);
    // Jackson reads no number longer than this; a numeric string gets the same bound, which also
    // keeps BigDecimal's parsing (quadratic in the digits) cheap.
    private static final int MAX_TEXT_LENGTH = StreamReadConstraints.DEFAULT_MAX_NUM_LEN;

    // What BigDecimal reads; one it still refuses has an exponent beyond an int ("1e9999999999").
    private static final Pattern DECIMAL = Pattern.compile("[+-]?+(\\d++\\.?+\\d*+|\\.\\d++)([eE][+-]?+\\d++)?+");

    private CreditsUsed() {}

    /** The credits {@code node} reports, or null when it gives none. */
    static Double read(JsonNode node) {
        BigDecimal amount = amount(node);
        return amount == null ? null : checked(amount);
    }

    /** The refusal of a number no decimal (or double) can hold, as written: {@code 1e9999999999}. */
    static CallbackFormatException unrepresentable(String literal) {
        return refused(CallbackJson.abbreviate(literal) + ", which cannot be represented");
    }

    /** The refusal of a JSON number longer than Jackson reads. */
    static CallbackFormatException tooLong() {
        return refused("a number of more than " + MAX_TEXT_LENGTH + " characters");
    }

    private static BigDecimal amount(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            // Only a reader that parses floats as doubles gives an infinite one; ours parses decimals.
            if (node.isFloatingPointNumber() && !node.isBigDecimal() && !Double.isFinite(node.doubleValue())) {
                throw unrepresentable(node.asText());
            }
            return node.decimalValue();
        }
        if (!node.isTextual()) {
            throw refused(CallbackJson.kind(node));
        }
        String text = Blank.orNull(node.textValue());
        if (text == null) {
            return null;
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            throw refused("a string of " + text.length() + " characters");
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw DECIMAL.matcher(text).matches() ? unrepresentable("'" + text + "'")
                    : refused("'" + CallbackJson.abbreviate(text) + "'");
        }
    }

    private static double checked(BigDecimal amount) {
        if (amount.signum() < 0 || amount.compareTo(MAX) > 0) {
            throw refused(CallbackJson.abbreviate(amount.toString()));
        }
        double credits = amount.doubleValue();
        if (credits == 0 && amount.signum() != 0) {
            throw unrepresentable(amount.toString());
        }
        return credits;
    }

    private static CallbackFormatException refused(String got) {
        return new CallbackFormatException("field '" + FIELD + "': expected a number from 0 to " + MAX
                + ", got " + got);
    }
}
