package io.clayenrichment.enrichment.dispatch;

import io.clayenrichment.common.deadletter.DeadLetterReason;
import io.clayenrichment.common.schema.DispatchReceipt;
import io.clayenrichment.enrichment.dispatch.DispatcherMetrics.Outcome;
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
 * (deadline not passed, backoff over, breaker closed, a token available, a URL left), classifies
 * Clay's answer, retries, moves to the next URL, or gives the row up. Before a row's first POST its
 * intent is made durable: a {@code sending} receipt, then a commit past the row, both acknowledged by
 * Kafka, so a restart never POSTs it again (Clay has no idempotency key: a second POST is a second
 * charge). Every row ends with a receipt for the topology, which writes its request's outcome.
 * Called from the dispatcher's poll loop only, so none of this needs locks; HTTP and Kafka work
 * completes on other threads and is looked at on the next call.
 */
final class DeliveryEngine {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryEngine.class);
    static final String POOL_EXHAUSTED = "webhook URL pool exhausted: add URLs to CLAY_WEBHOOK_URLS";
    /** How long a failed receipt, dead-letter, intent or count write waits before it is tried again. */
    private static final Duration KAFKA_RETRY = Duration.ofSeconds(1);
    /** What {@code trySend} answers when the head moved on; System.nanoTime may take any other value. */
    private static final long MOVED_ON = Long.MIN_VALUE;

    /** Commits past a lane's head, on the poll thread (the consumer is not thread-safe). */
    interface IntentCommits {
        CompletableFuture<Void> commitPastHead(PartitionLane lane);
    }

    private final DispatcherSettings settings;
    private final ClayWebhookClient client;
    private final ClayHealthBreaker breaker;
    private final WorkspaceRouting<WorkspaceChannel> workspaces;
    private final SubmissionLedger ledger;
    private final ReceiptWriter receipts;
    private final DeadLetterWriter deadLetters;
    private final IntentCommits intents;
    private final DispatcherMetrics metrics;
    private final Backoff backoff;
    private final Clock clock;

    /** Tokens taken so far, so the lane scheduler sees which partition took one. */
    private long tokensTaken;
    /** Where the search for a workspace with a token starts, so a spread tenant's rows take turns. */
    private int nextWorkspace;

    DeliveryEngine(DispatcherSettings settings, ClayWebhookClient client, ClayHealthBreaker breaker,
            WorkspaceRouting<WorkspaceChannel> workspaces, SubmissionLedger ledger, ReceiptWriter receipts,
            DeadLetterWriter deadLetters, IntentCommits intents, DispatcherMetrics metrics, Backoff backoff,
            Clock clock) {
        this.settings = settings;
        this.client = client;
        this.breaker = breaker;
        this.workspaces = workspaces;
        this.ledger = ledger;
        this.receipts = receipts;
        this.deadLetters = deadLetters;
        this.intents = intents;
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
                case RECORDING_INTENT -> {
                    long wakeAt = recordIntent(lane, delivery, now, accepting);
                    if (wakeAt != MOVED_ON) {
                        return wakeAt;
                    }
                }
                case SENDING -> {
                    if (!delivery.reply.isDone()) {
                        return Long.MAX_VALUE;
                    }
                    onReply(delivery, delivery.reply.join(), now);
                }
                case CONFIRMING, CLOSING -> {
                    if (delivery.acknowledgement == null) {
                        // A receipt or dead letter waiting to be written again after Kafka refused it.
                        if (delivery.notBeforeNanos - now > 0) {
                            return delivery.notBeforeNanos;
                        }
                        writeEnding(delivery);
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

    /**
     * Leaves the lane's head without finishing it (rebalance or shutdown). Its next owner reads it
     * again only if it was never POSTed, or if every POST of it got an answer that Clay did not take
     * it: the committed offset is moved back to it then. A row whose POST may have reached Clay is
     * never sent again; its attempt ends on its deadline.
     */
    void abandon(PartitionLane lane) {
        Delivery delivery = lane.inFlight();
        if (delivery == null) {
            return;
        }
        if (delivery.holdsPermission || delivery.phase == Delivery.Phase.SENDING) {
            // The breaker's permission must come back, or a half-open breaker would wait for it forever.
            breaker.release();
            delivery.holdsPermission = false;
        }
        boolean mayHaveBeenSent = delivery.maybeAtClay || delivery.phase == Delivery.Phase.SENDING
                || delivery.phase == Delivery.Phase.CONFIRMING;
        if (!mayHaveBeenSent) {
            // The commit may be past it already (its intent was under way or done): move it back.
            lane.rewind();
        }
    }

    long tokensTaken() {
        return tokensTaken;
    }

    boolean breakerOpen() {
        return breaker.isOpen();
    }

    /** {@link #MOVED_ON} when the row left (or is being given up); else the nanoTime to try again at. */
    private long trySend(PartitionLane lane, Delivery delivery, long now) {
        if (delivery.unreadable != null) {
            giveUp(delivery, DispatchReceipt.Stage.FAILED, DeadLetterReason.INVALID, delivery.unreadable, "none");
            return MOVED_ON;
        }
        if (delivery.payloadBytes() > settings.maxPayloadBytes()) {
            giveUp(delivery, DispatchReceipt.Stage.FAILED, DeadLetterReason.CLAY_REJECTED, "row is "
                    + delivery.payloadBytes() + " bytes, over Clay's payload limit CLAY_MAX_PAYLOAD_BYTES="
                    + settings.maxPayloadBytes() + "; not sent", "none");
            return MOVED_ON;
        }
        if (pastDeadline(delivery)) {
            giveUp(delivery, DispatchReceipt.Stage.EXPIRED, DeadLetterReason.RESULT_TIMEOUT,
                    "not sent to Clay: its attempt's deadline " + java.time.Instant.ofEpochMilli(delivery.sendBeforeMs)
                            + " came first (Clay unavailable, or a backlog longer than RESULT_TIMEOUT)"
                            + (delivery.attempts > 0 ? " after " + delivery.attempts + " attempts; last: "
                                    + delivery.lastReply.describe() : ""), "none");
            return MOVED_ON;
        }
        // nanoTime values are only comparable by their difference.
        long wait = delivery.notBeforeNanos - now;
        if (wait > 0) {
            return now + wait;
        }
        List<WorkspaceChannel> candidates = workspaces.candidatesFor(delivery.tenant());
        if (candidates.isEmpty()) {
            giveUp(delivery, DispatchReceipt.Stage.FAILED, DeadLetterReason.CLAY_REJECTED, "no Clay workspace takes"
                    + " tenant '" + delivery.tenant() + "': name it in CLAY_WORKSPACE_TENANTS or a"
                    + " CLAY_WORKSPACE_<NAME>_TENANTS, or put * in one of them", "none");
            return MOVED_ON;
        }
        List<WorkspaceChannel> withUrls = candidates.stream().filter(c -> c.pool.current().isPresent()).toList();
        if (withUrls.isEmpty()) {
            giveUp(delivery, DispatchReceipt.Stage.FAILED, DeadLetterReason.CLAY_REJECTED, poolExhausted(candidates),
                    "none");
            return MOVED_ON;
        }
        if (!breaker.tryAcquire()) {
            // Open: the row stays in Kafka (its partition is paused) until the breaker lets a probe through.
            return now + Duration.ofMillis(100).toNanos();
        }
        long soonest = Long.MAX_VALUE;
        WorkspaceChannel chosen = null;
        for (int i = 0; i < withUrls.size() && chosen == null; i++) {
            WorkspaceChannel channel = withUrls.get(Math.floorMod(nextWorkspace + i, withUrls.size()));
            long held = channel.holdUntilNanos - now;
            long tokenWait = held > 0 ? held : channel.bucket.tryAcquire();
            if (tokenWait <= 0) {
                chosen = channel;
            } else {
                soonest = Math.min(soonest, tokenWait);
            }
        }
        if (chosen == null) {
            breaker.release();
            return now + soonest;
        }
        nextWorkspace++;
        tokensTaken++;
        delivery.workspace = chosen;
        if (!delivery.intentRecorded) {
            delivery.holdsPermission = true;
            delivery.acknowledgement = receipts.write(delivery, DispatchReceipt.Stage.SENDING,
                    DispatchReceipt.Reach.MAYBE, null, null);
            delivery.intent = null;
            delivery.intentStartedNanos = now;
            delivery.phase = Delivery.Phase.RECORDING_INTENT;
            return MOVED_ON;
        }
        post(lane, delivery, chosen.pool.current().getAsInt());
        return MOVED_ON;
    }

    private static String poolExhausted(List<WorkspaceChannel> candidates) {
        if (candidates.size() == 1 && candidates.get(0).name().equals(ClayWorkspace.DEFAULT)) {
            return POOL_EXHAUSTED;
        }
        return "webhook URL pool exhausted in Clay workspace(s) " + candidates.stream().map(WorkspaceChannel::name)
                .toList() + ": add URLs to their CLAY_WORKSPACE_<NAME>_WEBHOOK_URLS (CLAY_WEBHOOK_URLS for default)";
    }

    /**
     * Whether a POST started now could end after the row's deadline: by then its request has its
     * outcome, so the row must not reach Clay any more.
     */
    private boolean pastDeadline(Delivery delivery) {
        return delivery.sendBeforeMs != Long.MAX_VALUE
                && clock.millis() + settings.requestTimeout().toMillis() >= delivery.sendBeforeMs;
    }

    /** The intent's two steps: the {@code sending} receipt acknowledged, then the commit past the row. */
    private long recordIntent(PartitionLane lane, Delivery delivery, long now, boolean accepting) {
        CompletableFuture<Void> step = delivery.intent == null ? delivery.acknowledgement : delivery.intent;
        if (!step.isDone()) {
            return Long.MAX_VALUE;
        }
        if (step.isCompletedExceptionally()) {
            Throwable error = step.handle((ok, e) -> e).join();
            LOG.warn("could not record the intent to send {}-{}@{} ({}); not sent, trying again", lane.partition.topic(),
                    lane.partition.partition(), delivery.record.offset(), error.toString());
            breaker.release();
            delivery.holdsPermission = false;
            delivery.acknowledgement = null;
            delivery.intent = null;
            delivery.notBeforeNanos = now + KAFKA_RETRY.toNanos();
            delivery.phase = Delivery.Phase.READY;
            return delivery.notBeforeNanos;
        }
        if (delivery.intent == null) {
            delivery.intent = intents.commitPastHead(lane);
            return Long.MAX_VALUE;
        }
        delivery.intentRecorded = true;
        delivery.intent = null;
        delivery.acknowledgement = null;
        metrics.intent(Duration.ofNanos(now - delivery.intentStartedNanos));
        OptionalInt urlIndex = delivery.workspace.pool.current();
        if (!accepting || urlIndex.isEmpty()) {
            // Stopping, or the pool ran out meanwhile: the permission goes back and the row waits its turn.
            breaker.release();
            delivery.holdsPermission = false;
            delivery.phase = Delivery.Phase.READY;
            return accepting ? MOVED_ON : Long.MAX_VALUE;
        }
        post(lane, delivery, urlIndex.getAsInt());
        return MOVED_ON;
    }

    private void post(PartitionLane lane, Delivery delivery, int urlIndex) {
        WorkspaceChannel channel = delivery.workspace;
        noteUrl(channel, urlIndex);
        delivery.holdsPermission = false;
        delivery.slot = new UrlPool.Slot(urlIndex, lane.partition.partition());
        delivery.attempts++;
        // Counted before sending: a request that timed out may still have made a row, and the cap is Clay's count.
        delivery.acknowledgement = ledger.recordSubmission(channel.pool, delivery.slot);
        delivery.reply = client.post(channel.workspace.webhookUrls().get(urlIndex), delivery.record.value(),
                channel.workspace.authToken());
        delivery.phase = Delivery.Phase.SENDING;
        reportPoolLow(channel);
    }

    private void onReply(Delivery delivery, ClayReply reply, long now) {
        delivery.lastReply = reply;
        metrics.latency(reply.elapsed());
        if (reply.mayHaveReachedClay()) {
            delivery.maybeAtClay = true;
        }
        switch (reply.kind()) {
            case ACCEPTED -> {
                breaker.succeeded(reply.elapsed());
                metrics.row(Outcome.SENT, reply.statusTag());
                metrics.sent(delivery.lane, delivery.workspace);
                CompletableFuture<Void> count = delivery.acknowledgement;
                CompletableFuture<Void> receipt = receipts.write(delivery, DispatchReceipt.Stage.ACCEPTED,
                        DispatchReceipt.Reach.YES, null, null);
                delivery.ending = new Delivery.Ending(DispatchReceipt.Stage.ACCEPTED, null, null);
                delivery.acknowledgement = CompletableFuture.allOf(count.exceptionally(e -> null), receipt);
                delivery.phase = Delivery.Phase.CONFIRMING;
            }
            case URL_USED_UP -> {
                breaker.succeeded(reply.elapsed());
                metrics.row(Outcome.RETRIED, reply.statusTag());
                LOG.warn("Clay says webhook URL #{} of workspace {} reached its submission limit; marking it used up",
                        delivery.slot.urlIndex(), delivery.workspace.name());
                ledger.recordUsedUp(delivery.workspace.pool, delivery.slot);
                delivery.phase = Delivery.Phase.READY;
            }
            case REJECTED -> {
                breaker.succeeded(reply.elapsed());
                metrics.row(Outcome.REJECTED, reply.statusTag());
                giveUp(delivery, DispatchReceipt.Stage.FAILED, DeadLetterReason.CLAY_REJECTED,
                        "Clay refused the row at webhook URL #" + delivery.slot.urlIndex() + " of workspace "
                                + delivery.workspace.name() + ": " + reply.describe(),
                        reply.statusTag());
            }
            case RATE_LIMITED -> {
                breaker.release();
                WorkspaceChannel channel = delivery.workspace;
                channel.bucket.drain();
                Optional<Duration> retryAfter = reply.retryAfter(clock.instant());
                retryAfter.ifPresent(wait -> channel.holdUntilNanos = Math.max(channel.holdUntilNanos - now, wait.toNanos())
                        + now);
                LOG.warn("Clay answered 429 (Retry-After {}) for workspace {}; holding its sends",
                        retryAfter.map(Duration::toString).orElse("not given"), channel.name());
                retry(delivery, reply, retryAfter, now);
            }
            case UNAVAILABLE -> {
                breaker.failed(reply.elapsed(), reply.describe());
                retry(delivery, reply, reply.retryAfter(clock.instant()), now);
            }
        }
    }

    private void retry(Delivery delivery, ClayReply reply, Optional<Duration> retryAfter, long now) {
        // A failure while the breaker is not closed is Clay's outage, not this row's fault: it does not use up
        // the row's attempts, so an outage gives up no row (rows end only at their attempt's deadline then).
        if (breaker.isClosed()) {
            delivery.countedFailures++;
        }
        if (delivery.countedFailures >= settings.maxAttempts()) {
            giveUp(delivery, DispatchReceipt.Stage.FAILED, DeadLetterReason.RETRIES_EXHAUSTED, "gave up after "
                    + delivery.attempts + " attempts; last: " + reply.describe(), reply.statusTag());
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
        LOG.warn("{} for {}-{}@{} not acknowledged ({}); writing it again",
                delivery.unreadable != null ? "dead letter" : "receipt", lane.partition.topic(),
                lane.partition.partition(), delivery.record.offset(), error.toString());
        delivery.notBeforeNanos = now + KAFKA_RETRY.toNanos();
        delivery.acknowledgement = null;
    }

    /**
     * Ends a row without Clay accepting it: a receipt tells the topology, which dead-letters its
     * request (and releases its reservation if no POST of it can have reached Clay). A row that is not
     * readable has no attempt to tell: it is dead-lettered here, as itself.
     */
    private void giveUp(Delivery delivery, DispatchReceipt.Stage stage, DeadLetterReason reason,
            String detail, String status) {
        delivery.ending = new Delivery.Ending(stage, reason, detail);
        metrics.row(stage == DispatchReceipt.Stage.EXPIRED ? Outcome.EXPIRED : Outcome.DEAD_LETTERED, status);
        if (delivery.unreadable != null) {
            metrics.deadLetter(reason, null);
        }
        LOG.warn("giving up {}-{}@{} correlation_id={} tenant={}: {} ({}; reached Clay: {})", delivery.record.topic(),
                delivery.record.partition(), delivery.record.offset(), delivery.correlationId(), delivery.tenant(),
                stage == DispatchReceipt.Stage.EXPIRED ? "expired" : reason.wire(), detail, delivery.reach().wire());
        writeEnding(delivery);
    }

    private void writeEnding(Delivery delivery) {
        Delivery.Ending ending = delivery.ending;
        if (ending.stage() == DispatchReceipt.Stage.ACCEPTED) {
            delivery.acknowledgement = receipts.write(delivery, ending.stage(), DispatchReceipt.Reach.YES, null, null);
            return;
        }
        delivery.acknowledgement = delivery.unreadable != null
                ? deadLetters.write(delivery.record, ending.reason(), ending.detail(), null, null)
                : receipts.write(delivery, ending.stage(), delivery.reach(),
                        ending.stage() == DispatchReceipt.Stage.FAILED ? ending.reason().wire() : null, ending.detail());
        delivery.phase = Delivery.Phase.CLOSING;
    }

    private void noteUrl(WorkspaceChannel channel, int urlIndex) {
        if (urlIndex != channel.lastUrlIndex) {
            if (channel.lastUrlIndex >= 0) {
                LOG.info("moving from webhook URL #{} ({} submissions) to webhook URL #{} ({}) of workspace {}",
                        channel.lastUrlIndex, channel.pool.total(channel.lastUrlIndex), urlIndex,
                        leftOf(channel, urlIndex), channel.name());
            } else {
                LOG.info("sending to webhook URL #{} ({}) of workspace {}", urlIndex, leftOf(channel, urlIndex),
                        channel.name());
            }
            channel.lastUrlIndex = urlIndex;
        }
    }

    private static String leftOf(WorkspaceChannel channel, int urlIndex) {
        return channel.pool.capped() ? channel.pool.left(urlIndex) + " submissions left"
                : "a passthrough table: no submission cap";
    }

    private void reportPoolLow(WorkspaceChannel channel) {
        boolean low = channel.pool.low(settings.urlPoolLowFraction());
        if (low && !channel.poolLowReported) {
            LOG.warn("webhook URL pool of workspace {} is running low: {} submissions left over {} URLs; add URLs to"
                    + " its webhook URLs", channel.name(), channel.pool.leftOverall(), channel.pool.size());
        }
        channel.poolLowReported = low;
    }
}
