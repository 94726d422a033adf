package io.clayenrichment.common.schema;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a result came from: a Clay callback, or the freshness cache (no credit spent). */
public enum ResultSource {
    CLAY,
    CACHE;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ResultSource fromWire(String value) {
        return valueOf(value.strip().toUpperCase(Locale.ROOT));
    }
}
