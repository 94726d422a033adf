package io.clayenrichment.enrichment.topology;

import java.util.List;

/**
 * A request waiting for the attempt of the same contact: only what its answer needs, its own request
 * id for a cache answer and its original record for a dead letter (the tenant and contact are the
 * attempt's; the row and the parsed identity are not kept).
 */
public record Waiter(
        String requestId,
        byte[] rawKey,
        byte[] rawValue,
        List<HeaderValue> headers,
        String sourceTopic,
        int sourcePartition,
        long sourceOffset) implements Original {

    public Waiter {
        headers = headers == null ? List.of() : List.copyOf(headers);
    }

    static Waiter of(RequestEnvelope request) {
        return new Waiter(request.requestId(), request.rawKey(), request.rawValue(), request.headers(),
                request.sourceTopic(), request.sourcePartition(), request.sourceOffset());
    }
}
