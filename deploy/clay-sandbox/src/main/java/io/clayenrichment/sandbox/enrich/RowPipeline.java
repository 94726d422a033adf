package io.clayenrichment.sandbox.enrich;

import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.schema.ClayCallback;
import io.clayenrichment.sandbox.callback.CallbackDelivery;
import io.clayenrichment.sandbox.faults.Dice;
import io.clayenrichment.sandbox.faults.FaultSettings;
import io.clayenrichment.sandbox.faults.Faults;
import io.clayenrichment.sandbox.stats.StatsRecorder;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the Clay table does with an accepted row: after a delay (plus seeded jitter) it enriches the
 * row, charges for a success, and its HTTP API column posts the callback, unless the fault settings
 * lose it, or send it twice as when Clay re-runs a column. Clay charges even when the callback is
 * lost: the credits are spent when the row is enriched.
 */
public final class RowPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(RowPipeline.class);

    private final Enricher enricher;
    private final Dice dice;
    private final Faults faults;
    private final StatsRecorder stats;
    private final ScheduledExecutorService scheduler;
    private final CallbackDelivery delivery;
    private final Duration delay;
    private final Duration jitter;
    private final double creditsPerRow;

    /** {@code delivery} may be null: rows are then enriched and charged but no callback is sent. */
    public RowPipeline(Enricher enricher, Dice dice, Faults faults, StatsRecorder stats,
            ScheduledExecutorService scheduler, CallbackDelivery delivery, Duration delay, Duration jitter,
            double creditsPerRow) {
        this.enricher = enricher;
        this.dice = dice;
        this.faults = faults;
        this.stats = stats;
        this.scheduler = scheduler;
        this.delivery = delivery;
        this.delay = delay;
        this.jitter = jitter;
        this.creditsPerRow = creditsPerRow;
    }

    /** Takes an accepted row; its enrichment and callback happen later, on the scheduler. */
    public void accept(Row row) {
        stats.pendingStarted();
        long jitterNanos = (long) (jitter.toNanos() * dice.roll("jitter", row.attemptKey()));
        try {
            scheduler.schedule(() -> run(row), delay.toNanos() + jitterNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            stats.pendingFinished();
        }
    }

    private void run(Row row) {
        try {
            FaultSettings f = faults.current();
            Enrichment enrichment = enricher.enrich(row, f.notFoundRate(), f.enrichErrorRate(), creditsPerRow);
            stats.enriched(enrichment.status(), row.tenant(), enrichment.creditsUsed());
            if (delivery == null) {
                stats.pendingFinished();
                return;
            }
            String key = row.attemptKey();
            if (dice.chance(f.lostCallbackRate(), "lost", key)) {
                stats.callbackLost();
                LOG.debug("callback for {} lost on purpose", key);
                stats.pendingFinished();
                return;
            }
            boolean twice = dice.chance(f.duplicateCallbackRate(), "duplicate", key);
            byte[] body = Json.write(callbackFor(row, enrichment));
            AtomicInteger deliveries = new AtomicInteger(twice ? 2 : 1);
            Runnable done = () -> {
                if (deliveries.decrementAndGet() == 0) {
                    stats.pendingFinished();
                }
            };
            if (twice) {
                stats.callbackDuplicated();
                // The re-run's callback goes after the first one has been answered, as a column re-run would.
                delivery.deliver(body, key, () -> {
                    done.run();
                    delivery.deliver(body, key + " (re-run)", done);
                });
            } else {
                delivery.deliver(body, key, done);
            }
        } catch (RuntimeException e) {
            LOG.error("enriching row {} of source {} failed", row.sequence(), row.sourceId(), e);
            stats.pendingFinished();
        }
    }

    /** The contract's callback body: identifiers echoed from the row, the outcome and the credits. */
    static ClayCallback callbackFor(Row row, Enrichment enrichment) {
        return new ClayCallback(row.text("correlation_id"), row.text("contact_key"), row.text("tenant"),
                row.text("request_id"), enrichment.status(), enrichment.data(), enrichment.creditsUsed());
    }
}
