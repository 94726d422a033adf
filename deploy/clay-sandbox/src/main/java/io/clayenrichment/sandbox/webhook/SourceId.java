package io.clayenrichment.sandbox.webhook;

import io.clayenrichment.common.config.SettingsException;
import java.util.regex.Pattern;

/** The rule for webhook source ids: they are URL path segments, so a safe and short alphabet. */
public final class SourceId {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private SourceId() {}

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    public static String describeRule() {
        return "1 to 64 letters, digits, '-', '_' or '.', starting with a letter or digit";
    }

    static void checkOrThrow(String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException("source id '" + id + "' is invalid: expected " + describeRule());
        }
    }

    public static void check(String id, String variable) {
        if (!isValid(id)) {
            throw new SettingsException(variable + " has an invalid source id '" + id + "': expected "
                    + describeRule());
        }
    }
}
