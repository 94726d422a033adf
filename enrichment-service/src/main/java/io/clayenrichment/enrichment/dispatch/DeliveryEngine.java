package io.clayenrichment.enrichment.dispatch;

import io.clayenrichment.common.deadletter.DeadLetterReason;
import io.clayenrichment.enrichment.dispatch.DispatcherMetrics.Outcome;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the head record of a lane forward without ever blocking: sends it when its turn comes
 * (backoff over, breaker closed, a token available, a URL left), classifies Clay's answer, retries,
 * moves to the next URL, or dead-letters it. Called from the dispatcher's poll loop only, so none of
 * this needs locks; HTTP and Kafka work completes on other threads and is looked at on the next call.
 */
final class DeliveryEngine {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryEngine.class);
    static final String POOL_EXHAUSTED = "webhook URL pool exhausted: add URLs to CLAY_WEBHOOK_URLS";
    /** How long a failed dead-letter or count write waits before it is tried again. */
    private static final Duration KAFKA_RETRY = Duration.ofSeconds(1);
    /** What {@code trySend} answers when the head moved on; System.nanoTime may take any other value. */
    private static final long MOVED_ON = Long.MIN_VALUE;

    private final DispatcherSettings settings;
    private final List<URI> urls;
    private final ClayWebhookClient client;
    private final ClayHealthBreaker breaker;
    private final TokenBucket bucket;
    private final UrlPool pool;
    private final SubmissionLedger ledger;
    private final DeadLetterWriter deadLetters;
    private final DispatcherMetrics metrics;
    private final Backoff backoff;
    private final Clock clock;

    /** Clay answered 429: nobody in this instance sends before this time (System.nanoTime). */
    private long holdUntilNanos = System.nanoTime();
    private int lastUrlIndex = -1;
    private boolean poolLowReported;

    DeliveryEngine(DispatcherSettings settings, ClayWebhookClient client, ClayHealthBreaker breaker,
            TokenBucket bucket, UrlPool pool, SubmissionLedger ledger, DeadLetterWriter deadLetters,
            DispatcherMetrics metrics, Backoff backoff, Clock clock) {
        this.settings = settings;
        this.urls = settings.webhookUrls();
        this.client = client;
        this.breaker = breaker;
        this.bucket = bucket;
        this.pool = pool;
        this.ledger = ledger;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.backoff = backoff;
        this.clock = clock;
    }

    /**
     * Advances the lane as far as it can go now. Answers the System.nanoTime at which it wants to be
     * called again at the latest ({@code Long.MAX_VALUE} when only new records or a completion can
     * move it).
     */
    long advance(PartitionLane lane, boolean accepting) {
        Delivery delivery;
        while ((delivery = lane.head()) != null) {
            long now = System.nanoTime();
            switch (delivery.phase) {
                case READY -> {
                    if (!accepting) {
                        return Long.MAX_VALUE;
                    }
                    long wakeAt = trySend(lane, delivery, now);
                    if (wakeAt != MOVED_ON) {
                        return wakeAt;
                    }
                }
                case SENDING -> {
                    if (!delivery.reply.isDone()) {
                        return Long.MAX_VALUE;
                    }
                    onReply(lane, delivery, delivery.reply.join(), now);
                }
                case CONFIRMING, DEAD_LETTERING -> {
                    if (delivery.acknowledgement == null) {
                        // A dead letter waiting to be written again after Kafka refused it.
                        if (delivery.notBeforeNanos - now > 0) {
                            return delivery.notBeforeNanos;
                        }
                        writeDeadLetter(delivery);
                    }
                    if (!delivery.acknowledgement.isDone()) {
                        return Long.MAX_VALUE;
                    }
                    onAcknowledgement(lane, delivery, now);
                }
                case DONE -> throw new IllegalStateException("lane.head() never answers a done delivery");
            }
        }
        return Long.MAX_VALUE;
    }

    /** Leaves the lane's head without committing it (rebalance or shutdown): its row is sent again later. */
    void abandon(PartitionLane lane) {
        Delivery delivery = lane.inFlight();
        if (delivery != null && delivery.phase == Delivery.Phase.SENDING) {
            // The breaker's permission must come back, or a half-open breaker would wait for it forever.
            breaker.release();
        }
    }

    boolean breakerOpen() {
        return breaker.isOpen();
    }

    /** {@link #MOVED_ON} when the row left (or was dead-lettered); else the nanoTime to try again at. */
    private long trySend(PartitionLane lane, Delivery delivery, long now) {
        if (delivery.unreadable != null) {
            deadLetter(lane, delivery, DeadLetterReason.INVALID, delivery.unreadable, "none");
            return MOVED_ON;
        }
        if (delivery.payloadBytes() > settings.maxPayloadBytes()) {
            deadLetter(lane, delivery, DeadLetterReason.CLAY_REJECTED, "row is " + delivery.payloadBytes()
                    + " bytes, over Clay's payload limit CLAY_MAX_PAYLOAD_BYTES=" + settings.maxPayloadBytes()
                    + "; not sent", "none");
            return MOVED_ON;
        }
        // nanoTime values are only comparable by their difference.
        long wait = Math.max(delivery.notBeforeNanos - now, holdUntilNanos - now);
        if (wait > 0) {
            return now + wait;
        }
        OptionalInt urlIndex = pool.current();
        if (urlIndex.isEmpty()) {
            deadLetter(lane, delivery, DeadLetterReason.CLAY_REJECTED, POOL_EXHAUSTED, "none");
            return MOVED_ON;
        }
        if (!breaker.tryAcquire()) {
            // Open: the row stays in Kafka (its partition is paused) until the breaker lets a probe through.
            return now + Duration.ofMillis(100).toNanos();
        }
        long tokenWait = bucket.tryAcquire();
        if (tokenWait > 0) {
            breaker.release();
            return now + tokenWait;
        }
        noteUrl(urlIndex.getAsInt());
        delivery.slot = new UrlPool.Slot(urlIndex.getAsInt(), lane.partition.partition());
        delivery.attempts++;
        // Counted before sending: a request that timed out may still have made a row, and the cap is Clay's count.
        delivery.acknowledgement = ledger.recordSubmission(delivery.slot);
        delivery.reply = client.post(urls.get(urlIndex.getAsInt()), delivery.record.value());
        delivery.phase = Delivery.Phase.SENDING;
        reportPoolLow();
        return MOVED_ON;
    }

    private void onReply(PartitionLane lane, Delivery delivery, ClayReply reply, long now) {
        delivery.lastReply = reply;
        metrics.latency(reply.elapsed());
        switch (reply.kind()) {
            case ACCEPTED -> {
                breaker.succeeded(reply.elapsed());
                metrics.row(Outcome.SENT, reply.statusTag());
                delivery.phase = Delivery.Phase.CONFIRMING;
            }
            case URL_USED_UP -> {
                breaker.succeeded(reply.elapsed());
                metrics.row(Outcome.RETRIED, reply.statusTag());
                LOG.warn("Clay says webhook URL #{} reached its submission limit; marking it used up", delivery.slot.urlIndex());
                ledger.recordUsedUp(delivery.slot);
                delivery.phase = Delivery.Phase.READY;
            }
            case REJECTED -> {
                breaker.succeeded(reply.elapsed());
                metrics.row(Outcome.REJECTED, reply.statusTag());
                deadLetter(lane, delivery, DeadLetterReason.CLAY_REJECTED, "Clay refused the row at webhook URL #"
                        + delivery.slot.urlIndex() + ": " + reply.describe(), reply.statusTag());
            }
            case RATE_LIMITED -> {
                breaker.release();
                bucket.drain();
                Optional<Duration> retryAfter = reply.retryAfter(clock.instant());
                retryAfter.ifPresent(wait -> holdUntilNanos = Math.max(holdUntilNanos, now + wait.toNanos()));
                LOG.warn("Clay answered 429 (Retry-After {}); holding all sends", retryAfter.map(Duration::toString)
                        .orElse("not given"));
                retry(lane, delivery, reply, retryAfter, now);
            }
            case UNAVAILABLE -> {
                breaker.failed(reply.elapsed(), reply.describe());
                retry(lane, delivery, reply, reply.retryAfter(clock.instant()), now);
            }
        }
    }

    private void retry(PartitionLane lane, Delivery delivery, ClayReply reply, Optional<Duration> retryAfter, long now) {
        // A failure while the breaker is not closed is Clay's outage, not this row's fault: it does not use up
        // the row's attempts, so an outage sends nothing to the dead-letter topic.
        if (breaker.isClosed()) {
            delivery.countedFailures++;
        }
        if (delivery.countedFailures >= settings.maxAttempts()) {
            deadLetter(lane, delivery, DeadLetterReason.RETRIES_EXHAUSTED, "gave up after " + delivery.attempts
                    + " attempts; last: " + reply.describe(), reply.statusTag());
            return;
        }
        metrics.row(Outcome.RETRIED, reply.statusTag());
        delivery.notBeforeNanos = now + backoff.delay(Math.max(1, delivery.countedFailures), retryAfter).toNanos();
        delivery.phase = Delivery.Phase.READY;
    }

    private void onAcknowledgement(PartitionLane lane, Delivery delivery, long now) {
        CompletableFuture<Void> acknowledgement = delivery.acknowledgement;
        if (!acknowledgement.isCompletedExceptionally()) {
            delivery.phase = Delivery.Phase.DONE;
            return;
        }
        Throwable error = acknowledgement.handle((ok, e) -> e).join();
        if (delivery.phase == Delivery.Phase.CONFIRMING) {
            // Clay has the row; only the count is missing. Counting one short is better than sending twice.
            LOG.warn("could not record a submission count for webhook URL #{} ({}); the count may be one low",
                    delivery.slot.urlIndex(), error.toString());
            delivery.phase = Delivery.Phase.DONE;
            return;
        }
        LOG.warn("dead letter for {}-{}@{} not acknowledged ({}); writing it again", lane.partition.topic(),
                lane.partition.partition(), delivery.record.offset(), error.toString());
        delivery.notBeforeNanos = now + KAFKA_RETRY.toNanos();
        delivery.acknowledgement = null;
    }

    private void deadLetter(PartitionLane lane, Delivery delivery, DeadLetterReason reason, String detail,
            String status) {
        delivery.deadLetter = new Delivery.DeadLetter(reason, detail);
        metrics.row(Outcome.DEAD_LETTERED, status);
        metrics.deadLetter(reason, delivery.tenant());
        LOG.warn("dead-lettering {}-{}@{} correlation_id={} tenant={}: {} ({})", lane.partition.topic(),
                lane.partition.partition(), delivery.record.offset(), delivery.correlationId(), delivery.tenant(),
                reason.wire(), detail);
        writeDeadLetter(delivery);
    }

    private void writeDeadLetter(Delivery delivery) {
        delivery.acknowledgement = deadLetters.write(delivery.record, delivery.deadLetter.reason(),
                delivery.deadLetter.detail(), delivery.tenant(), delivery.correlationId());
        delivery.phase = Delivery.Phase.DEAD_LETTERING;
    }

    private void noteUrl(int urlIndex) {
        if (urlIndex != lastUrlIndex) {
            if (lastUrlIndex >= 0) {
                LOG.info("moving from webhook URL #{} ({} submissions) to webhook URL #{} ({} left)", lastUrlIndex,
                        pool.total(lastUrlIndex), urlIndex, pool.left(urlIndex));
            } else {
                LOG.info("sending to webhook URL #{} ({} submissions left)", urlIndex, pool.left(urlIndex));
            }
            lastUrlIndex = urlIndex;
        }
    }

    private void reportPoolLow() {
        boolean low = pool.low(settings.urlPoolLowFraction());
        if (low && !poolLowReported) {
            LOG.warn("webhook URL pool is running low: {} submissions left over {} URLs; add URLs to CLAY_WEBHOOK_URLS",
                    pool.leftOverall(), pool.size());
        }
        poolLowReported = low;
    }
}
