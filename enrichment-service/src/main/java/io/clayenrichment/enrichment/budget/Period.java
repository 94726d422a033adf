package io.clayenrichment.enrichment.budget;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The budget periods: the UTC calendar day and the UTC calendar month. */
public enum Period {
    DAY(DateTimeFormatter.ofPattern("yyyy-MM-dd")),
    MONTH(DateTimeFormatter.ofPattern("yyyy-MM"));

    private final DateTimeFormatter format;

    Period(DateTimeFormatter format) {
        this.format = format.withZone(ZoneOffset.UTC);
    }

    /** The id of the period that holds {@code at}, such as "2026-11-27" or "2026-11". */
    public String idAt(Instant at) {
        return format.format(at);
    }

    public String idAt(long epochMillis) {
        return idAt(Instant.ofEpochMilli(epochMillis));
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
