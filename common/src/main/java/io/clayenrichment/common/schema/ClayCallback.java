package io.clayenrichment.common.schema;

import java.util.Map;

/**
 * What Clay's HTTP API column posts back for one row, after the receiver has normalised it: the
 * echoed identifiers, the outcome and the enriched fields.
 */
public record ClayCallback(
        String correlationId,
        String contactKey,
        String tenant,
        String requestId,
        ResultStatus status,
        Map<String, Object> data,
        Double creditsUsed) {

    public ClayCallback {
        data = data == null ? Map.of() : data;
    }
}
