package io.clayenrichment.common.schema;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How an enrichment ended: Clay found data, found nothing (no charge), or failed. */
public enum ResultStatus {
    SUCCESS("success"),
    NOT_FOUND("not_found"),
    ERROR("error");

    private final String wire;

    ResultStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static ResultStatus fromWire(String value) {
        String normalised = value == null ? "" : value.strip().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        for (ResultStatus status : values()) {
            if (status.wire.equals(normalised)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown status '" + value + "', expected one of "
                + Arrays.stream(values()).map(ResultStatus::wire).collect(Collectors.joining(", ")));
    }
}
