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

    /**
     * Live unless the dispatcher has given up for good (its loop failed again and again, or in a way no
     * restart cures): then only a new pod helps, and Kubernetes restarts one when this is false.
     */
    boolean isLive() {
        return dispatcher.map(d -> d.health().live()).orElse(true);
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
