package io.clayenrichment.enrichment;

import io.clayenrichment.common.http.Health;
import io.clayenrichment.enrichment.dispatch.ClayDispatcher;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;

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
     * restart cures): then only a new pod helps, and Kubernetes restarts one when this fails. A live
     * answer shows nothing more; a failing one shows every component's state.
     */
    Health.Check live() {
        if (dispatcher.map(d -> d.health().live()).orElse(true)) {
            return Health.Check.passing();
        }
        return Health.Check.failing("the Clay dispatcher has given up: restart the service", describe());
    }

    Health.Check ready() {
        Map<String, String> state = describe();
        // from the state shown, not a second look, so the answer never says "REBALANCING" and passes
        if (!state.get("streams").equals(KafkaStreams.State.RUNNING.name())) {
            return Health.Check.failing("Kafka Streams is " + state.get("streams") + ", not RUNNING", state);
        }
        if (!dispatcher.map(d -> d.health().ready()).orElse(true)) {
            return Health.Check.failing("the Clay dispatcher is not polling", state);
        }
        return Health.Check.passing(state);
    }

    Map<String, String> describe() {
        Map<String, String> state = new LinkedHashMap<>();
        state.put("streams", streams.streams().state().name());
        dispatcher.ifPresent(d -> state.put("dispatcher", d.health().detail()));
        return state;
    }
}
