package io.clayenrichment.sandbox.stats;

import io.clayenrichment.common.schema.ResultStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Counts what happens in the sandbox. One lock guards the counters so a snapshot is consistent: the
 * webhook counts always add up, even while requests are in flight. At the sandbox's request rates
 * the lock costs nothing measurable.
 */
public final class StatsRecorder {

    private final Clock clock;
    private final RateWindow rateWindow;
    private final SandboxMetrics metrics;
    // Pending work is a level, not a count since reset: a reset never forgets rows still to come.
    private final AtomicLong pending = new AtomicLong();

    private Instant since;
    private long received;
    private long accepted;
    private final Map<Integer, Long> rejectedByStatus = new TreeMap<>();
    private long sent;
    private long failed;
    private long lost;
    private long duplicated;
    private long retried;
    private final Map<String, Long> enriched = new TreeMap<>();
    private double creditsCharged;
    private final Map<String, Double> creditsByTenant = new TreeMap<>();
    private final Map<String, long[]> byWorkspace = new TreeMap<>();

    public StatsRecorder(Clock clock, LongSupplier nanoTicker, SandboxMetrics metrics) {
        this.clock = clock;
        this.metrics = metrics;
        metrics.gaugePending(pending::get);
        this.rateWindow = new RateWindow(nanoTicker);
        this.since = clock.instant();
    }

    /** A webhook request arrived (counted for the observed rate before it is judged). */
    public void arrived() {
        rateWindow.arrived();
    }

    /**
     * A webhook request to a source of {@code workspace} was answered with {@code status}: 200 accepted
     * the row, anything else refused it.
     */
    public synchronized void answered(int status, String workspace) {
        received++;
        metrics.webhookAnswered(status, workspace);
        long[] acceptedAndLimited = byWorkspace.computeIfAbsent(workspace, w -> new long[2]);
        if (status == 200) {
            accepted++;
            acceptedAndLimited[0]++;
        } else {
            rejectedByStatus.merge(status, 1L, Long::sum);
            if (status == 429) {
                acceptedAndLimited[1]++;
            }
        }
    }

    /** A row was enriched; Clay charges {@code credits} to the row's tenant (0 for not_found). */
    public synchronized void enriched(ResultStatus status, String tenant, double credits) {
        enriched.merge(status.wire(), 1L, Long::sum);
        metrics.enriched(status.wire());
        if (credits > 0) {
            metrics.credits(tenant, credits);
            creditsCharged += credits;
            creditsByTenant.merge(tenant, credits, Double::sum);
        }
    }

    public synchronized void callbackSent() {
        sent++;
        metrics.callback("sent");
    }

    public synchronized void callbackFailed() {
        failed++;
        metrics.callback("failed");
    }

    public synchronized void callbackLost() {
        lost++;
        metrics.callback("lost");
    }

    public synchronized void callbackDuplicated() {
        duplicated++;
        metrics.callback("duplicated");
    }

    public synchronized void callbackRetried() {
        retried++;
        metrics.callback("retried");
    }

    public void pendingStarted() {
        pending.incrementAndGet();
    }

    public void pendingFinished() {
        pending.decrementAndGet();
    }

    public synchronized SandboxStats snapshot(Map<String, Long> submissionsBySource) {
        Map<String, Long> rejected = new TreeMap<>();
        rejectedByStatus.forEach((status, count) -> rejected.put(Integer.toString(status), count));
        long rejectedTotal = rejectedByStatus.values().stream().mapToLong(Long::longValue).sum();
        return new SandboxStats(since, received, accepted, rejectedTotal, sorted(rejected),
                new SandboxStats.Callbacks(sent, failed, lost, duplicated, retried, pending.get()),
                sorted(enriched), creditsCharged, sorted(creditsByTenant), submissionsBySource, rateWindow.max(),
                workspaces());
    }

    private Map<String, SandboxStats.Workspace> workspaces() {
        Map<String, SandboxStats.Workspace> out = new TreeMap<>();
        byWorkspace.forEach((name, counts) -> out.put(name, new SandboxStats.Workspace(counts[0], counts[1])));
        return Collections.unmodifiableMap(out);
    }

    private static <V> Map<String, V> sorted(Map<String, V> map) {
        return Collections.unmodifiableMap(new TreeMap<>(map));
    }

    /** Clears every counter; work still pending stays pending. */
    public synchronized void reset() {
        since = clock.instant();
        received = 0;
        accepted = 0;
        rejectedByStatus.clear();
        sent = 0;
        failed = 0;
        lost = 0;
        duplicated = 0;
        retried = 0;
        enriched.clear();
        creditsCharged = 0;
        creditsByTenant.clear();
        byWorkspace.clear();
        rateWindow.reset();
    }
}
