package io.clayenrichment.enrichment;

import io.clayenrichment.enrichment.dispatch.ClayDispatcher;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The service is ready when Kafka Streams is RUNNING and, where it runs here, the Clay dispatcher is
 * polling. An open Clay health breaker keeps it ready: a restart would not bring Clay back.
 */
final class Readiness {

    private final StreamsComponent streams;
    private final Optional<ClayDispatcher> dispatcher;

    Readiness(StreamsComponent streams, Optional<ClayDispatcher> dispatcher) {
        this.streams = streams;
        this.dispatcher = dispatcher;
    }

    boolean isReady() {
        return streams.isRunning() && dispatcher.map(d -> d.health().ready()).orElse(true);
    }

    Map<String, String> describe() {
        Map<String, String> state = new LinkedHashMap<>();
        state.put("streams", streams.streams().state().name());
        dispatcher.ifPresent(d -> state.put("dispatcher", d.health().detail()));
        return state;
    }
}
