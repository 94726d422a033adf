package io.clayenrichment.enrichment.topology;

import io.clayenrichment.common.schema.Priority;
import java.util.List;

/**
 * A valid request on its way to its tenant's task: the original key, value and headers (a dead letter
 * must carry them unchanged) and where it was read, beside what the decision needs. {@code row} is
 * the request's Clay row, written once by the intake; it is dropped where the request is kept
 * (attempts, waiters), since only starting an attempt needs it, and may be null (records written
 * before it existed): the row is then built from {@code rawValue}. {@code lane} is the request's
 * priority, the outbound topic its row goes to (scheduled refreshes take backfill).
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
        long sourceOffset,
        RowTemplate row,
        Priority lane) implements TenantEvent, Original {

    public RequestEnvelope {
        headers = headers == null ? List.of() : List.copyOf(headers);
        lane = lane == null ? Priority.NORMAL : lane;
    }

    /** A request of the normal lane. */
    public RequestEnvelope(String tenant, String contactKey, String requestId, boolean force, byte[] rawKey,
            byte[] rawValue, List<HeaderValue> headers, String sourceTopic, int sourcePartition, long sourceOffset,
            RowTemplate row) {
        this(tenant, contactKey, requestId, force, rawKey, rawValue, headers, sourceTopic, sourcePartition,
                sourceOffset, row, Priority.NORMAL);
    }

    /** This request without its row template, as it is kept while it waits or is in flight. */
    public RequestEnvelope withoutRow() {
        return row == null ? this : new RequestEnvelope(tenant, contactKey, requestId, force, rawKey, rawValue, headers,
                sourceTopic, sourcePartition, sourceOffset, null, lane);
    }
}
