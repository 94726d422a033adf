package io.clayenrichment.enrichment.budget;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The budget periods: the UTC calendar day and the UTC calendar month. */
public enum Period {
    DAY(DateTimeFormatter.ofPattern("yyyy-MM-dd")),
    MONTH(DateTimeFormatter.ofPattern("yyyy-MM"));

    private static final long MILLIS_PER_DAY = 86_400_000L;

    private final DateTimeFormatter format;
    /** The last id formatted and the UTC day it belongs to: every decision asks, and the day rarely changes. */
    private volatile LastId last = new LastId(Long.MIN_VALUE, null);

    Period(DateTimeFormatter format) {
        this.format = format.withZone(ZoneOffset.UTC);
    }

    /** The id of the period that holds {@code at}, such as "2026-11-27" or "2026-11". */
    public String idAt(Instant at) {
        return format.format(at);
    }

    public String idAt(long epochMillis) {
        long epochDay = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
        LastId known = last;
        if (known.epochDay() == epochDay) {
            return known.id();
        }
        String id = format.format(Instant.ofEpochMilli(epochMillis));
        last = new LastId(epochDay, id);
        return id;
    }

    /** Both periods are whole UTC days, so the id of one day is the id of every instant of it. */
    private record LastId(long epochDay, String id) {}

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
