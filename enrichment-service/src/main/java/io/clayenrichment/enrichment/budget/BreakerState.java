package io.clayenrichment.enrichment.budget;

import java.util.Locale;

/** The credit circuit breaker of one tenant; the code is the gauge value of the contract. */
public enum BreakerState {
    CLOSED(0),
    WARNING(1),
    OPEN(2),
    FORCED_OPEN(3);

    private final int code;

    BreakerState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
