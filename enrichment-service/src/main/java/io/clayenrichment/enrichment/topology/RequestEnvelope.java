package io.clayenrichment.enrichment.topology;

import java.util.List;

/**
 * A valid request on its way to its tenant's task: the original key, value and headers (a dead letter
 * must carry them unchanged) and where it was read, beside what the decision needs.
 */
public record RequestEnvelope(
        String tenant,
        String contactKey,
        String requestId,
        boolean force,
        byte[] rawKey,
        byte[] rawValue,
        List<HeaderValue> headers,
        String sourceTopic,
        int sourcePartition,
        long sourceOffset) {

    public RequestEnvelope {
        headers = headers == null ? List.of() : List.copyOf(headers);
    }
}
