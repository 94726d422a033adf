package io.clayenrichment.sandbox.enrich;

import io.clayenrichment.common.schema.ResultStatus;
import java.util.Map;

/** The outcome of enriching one row: what Clay found, and what it charged for it. */
public record Enrichment(ResultStatus status, Map<String, Object> data, double creditsUsed) {

    public Enrichment {
        // Kept in the order the fields were made, so callbacks read the same in every run.
        data = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data));
    }
}
