package io.clayenrichment.common.schema;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A request's lane to Clay: {@code urgent} rows overtake the backlog, {@code normal} is the default,
 * and {@code backfill} (with scheduled refreshes) takes mostly the rate the other two leave. The
 * dispatcher shares Clay's rate between the lanes by weight, so no lane starves.
 */
public enum Priority {
    URGENT,
    NORMAL,
    BACKFILL;

    /** The lanes in the order they are served when their turns are equal. */
    public static final java.util.List<Priority> ALL = java.util.List.of(values());

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The priority a request names; {@code normal} when it names none (null, or text that counts as missing). */
    public static Priority of(String given) {
        String value = Blank.orNull(given);
        if (value == null) {
            return NORMAL;
        }
        return Arrays.stream(values()).filter(p -> p.wire().equalsIgnoreCase(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(problem(given).orElseThrow()));
    }

    /** Why {@code given} is not a priority; empty when it is one (or names none). */
    public static Optional<String> problem(String given) {
        String value = Blank.orNull(given);
        if (value == null || Arrays.stream(values()).anyMatch(p -> p.wire().equalsIgnoreCase(value))) {
            return Optional.empty();
        }
        return Optional.of("priority must be one of urgent, normal or backfill, got '"
                + (value.length() > 40 ? value.substring(0, 40) + "..." : value) + "'");
    }
}
