package io.clayenrichment.enrichment.dispatch;

import io.clayenrichment.common.deadletter.DeadLetterReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.clayenrichment.common.schema.Priority;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The dispatcher's meters, under the platform's {@code clay.enrichment.} prefix. No URL or token is
 * ever a tag: URLs are known by their position ({@code url_index}).
 */
final class DispatcherMetrics {

    enum Outcome {
        SENT, RETRIED, REJECTED, DEAD_LETTERED, EXPIRED;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final Timer latency;
    private final Timer intent;
    private final Map<Priority, AtomicLong> laneQueued = new EnumMap<>(Priority.class);
    private final Map<Priority, AtomicLong> laneOldestMillis = new EnumMap<>(Priority.class);
    private final Map<Priority, Counter> laneSent = new EnumMap<>(Priority.class);
    private final Map<String, Counter> workspaceSent = new java.util.HashMap<>();

    /** Meters of each workspace carry its name as {@code workspace}. */
    DispatcherMetrics(MeterRegistry registry, ClayHealthBreaker breaker, List<WorkspaceChannel> workspaces,
            double lowFraction) {
        this.registry = registry;
        this.latency = Timer.builder("clay.enrichment.clay.latency")
                .description("Time from sending a row to Clay's answer (or the failure)")
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofMinutes(1))
                .register(registry);
        this.intent = Timer.builder("clay.enrichment.clay.intent")
                .description("Time to make a row's intent durable before its first POST: the sending receipt and"
                        + " the commit past it, both acknowledged by Kafka")
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        Gauge.builder("clay.enrichment.clay.breaker.state", breaker, ClayHealthBreaker::stateCode)
                .description("Clay health breaker: 0 closed, 1 half-open, 2 open").register(registry);
        workspaces.forEach(workspace -> registerWorkspace(workspace, lowFraction));
        for (Priority lane : Priority.ALL) {
            laneQueued.put(lane, new AtomicLong());
            Gauge.builder("clay.enrichment.clay.lane.queued", laneQueued.get(lane), AtomicLong::get)
                    .description("Rows of the lane waiting in this instance's partitions: not read yet (consumer lag),"
                            + " or read and not yet sent").tag("lane", lane.wire()).register(registry);
            laneOldestMillis.put(lane, new AtomicLong());
            Gauge.builder("clay.enrichment.clay.lane.oldest.age", laneOldestMillis.get(lane), millis -> millis.get() / 1000.0)
                    .description("Seconds the lane's oldest row in this instance has waited since it was decided (0: none)")
                    .baseUnit("seconds").tag("lane", lane.wire()).register(registry);
            laneSent.put(lane, Counter.builder("clay.enrichment.clay.lane.sent")
                    .description("Rows of the lane Clay accepted").tag("lane", lane.wire()).register(registry));
        }

    }

    private void registerWorkspace(WorkspaceChannel workspace, double lowFraction) {
        String name = workspace.name();
        Gauge.builder("clay.enrichment.clay.tokens.available", workspace.bucket, TokenBucket::available)
                .description("Tokens in this instance's share of the Clay workspace rate limit")
                .tag("workspace", name).register(registry);
        Gauge.builder("clay.enrichment.clay.rate.limit", workspace.bucket, TokenBucket::ratePerSecond)
                .description("Rows per second this instance may send to the workspace: its share of the workspace limit")
                .tag("workspace", name).register(registry);
        for (int i = 0; i < workspace.pool.size(); i++) {
            final int urlIndex = i;
            Gauge.builder("clay.enrichment.clay.url.submissions.left", workspace.pool, p -> p.leftShown(urlIndex))
                    .description("Submissions a webhook URL may still take before the dispatcher moves on")
                    .tag("workspace", name).tag("url_index", Integer.toString(urlIndex)).register(registry);
        }
        workspaceSent.put(name, Counter.builder("clay.enrichment.clay.workspace.sent")
                .description("Rows the workspace accepted").tag("workspace", name).register(registry));
        Gauge.builder("clay.enrichment.clay.url.pool.low", workspace.pool, p -> p.low(lowFraction) ? 1 : 0)
                .description("1 when the workspace's webhook URL pool has less than CLAY_URL_POOL_LOW_FRACTION left")
                .tag("workspace", name).register(registry);
    }

    /** A lane's backlog and the age of its oldest row waiting, as the dispatcher last looked (about every second). */
    void lanes(Map<Priority, Long> queued, Map<Priority, Duration> oldest) {
        queued.forEach((lane, count) -> laneQueued.get(lane).set(count));
        oldest.forEach((lane, age) -> laneOldestMillis.get(lane).set(age.toMillis()));
    }

    /** A row Clay accepted, by its lane and the workspace that took it. */
    void sent(Priority lane, WorkspaceChannel workspace) {
        laneSent.get(lane).increment();
        workspaceSent.get(workspace.name()).increment();
    }

    void row(Outcome outcome, String status) {
        Counter.builder("clay.enrichment.clay.rows").tag("outcome", outcome.tag()).tag("status", status)
                .register(registry).increment();
    }

    void latency(Duration elapsed) {
        latency.record(elapsed);
    }

    void intent(Duration elapsed) {
        intent.record(elapsed);
    }

    /** The platform-wide dead-letter counter, shared with the topology. */
    void deadLetter(DeadLetterReason reason, String tenant) {
        Counter.builder("clay.enrichment.dead.letters").tag("reason", reason.wire())
                .tag("tenant", tenant == null ? "unknown" : tenant).register(registry).increment();
    }
}
