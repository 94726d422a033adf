package io.clayenrichment.common.schema;

/** The contract's rule for missing text: absent, JSON null, "" and "null" all mean "not given". */
public final class Blank {
    private Blank() {}

    public static boolean isMissing(Object value) {
        if (value == null) {
            return true;
        }
        if (value instanceof String text) {
            String trimmed = strip(text);
            return trimmed.isEmpty() || trimmed.equalsIgnoreCase("null");
        }
        return false;
    }

    /** The stripped text, or null when it counts as missing. */
    public static String orNull(String value) {
        return isMissing(value) ? null : strip(value);
    }

    /**
     * {@code text} without leading and trailing white space, counting the kinds that copy-and-paste
     * from web pages and spreadsheets brings (no-break and zero-width spaces, byte-order marks), which
     * {@link String#strip()} keeps.
     */
    public static String strip(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isSpace(text.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u200b' || c == '\ufeff';
    }
}
