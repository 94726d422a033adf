package io.clayenrichment.enrichment.dispatch;

import io.clayenrichment.common.deadletter.DeadLetterReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

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

    DispatcherMetrics(MeterRegistry registry, TokenBucket bucket, ClayHealthBreaker breaker, UrlPool pool,
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
        Gauge.builder("clay.enrichment.clay.tokens.available", bucket, TokenBucket::available)
                .description("Tokens in this instance's share of the Clay workspace rate limit").register(registry);
        Gauge.builder("clay.enrichment.clay.rate.limit", bucket, TokenBucket::ratePerSecond)
                .description("Rows per second this instance may send: its share of the workspace limit")
                .register(registry);
        Gauge.builder("clay.enrichment.clay.breaker.state", breaker, ClayHealthBreaker::stateCode)
                .description("Clay health breaker: 0 closed, 1 half-open, 2 open").register(registry);
        for (int i = 0; i < pool.size(); i++) {
            final int urlIndex = i;
            Gauge.builder("clay.enrichment.clay.url.submissions.left", pool, p -> p.leftShown(urlIndex))
                    .description("Submissions a webhook URL may still take before the dispatcher moves on")
                    .tag("url_index", Integer.toString(urlIndex)).register(registry);
        }
        Gauge.builder("clay.enrichment.clay.url.pool.low", pool, p -> p.low(lowFraction) ? 1 : 0)
                .description("1 when the webhook URL pool has less than CLAY_URL_POOL_LOW_FRACTION left")
                .register(registry);
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
