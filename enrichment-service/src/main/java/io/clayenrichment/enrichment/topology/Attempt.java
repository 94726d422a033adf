package io.clayenrichment.enrichment.topology;

import java.util.ArrayList;
import java.util.List;

/**
 * One enrichment in flight for a contact of a tenant: its reservation (cost and the periods it was
 * taken from), its deadline, the request that started it and the duplicates waiting for its result.
 */
public record Attempt(
        String correlationId,
        long costMilli,
        String dayId,
        String monthId,
        long startedAtMs,
        long deadlineMs,
        RequestEnvelope request,
        List<RequestEnvelope> waiters) {

    public Attempt {
        waiters = waiters == null ? List.of() : List.copyOf(waiters);
    }

    public Attempt withWaiter(RequestEnvelope waiter) {
        List<RequestEnvelope> more = new ArrayList<>(waiters);
        more.add(waiter);
        return new Attempt(correlationId, costMilli, dayId, monthId, startedAtMs, deadlineMs, request, more);
    }
}
