package io.clayenrichment.enrichment.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Counts of one run, printed at its end. */
public final class ReplaySummary {

    private final boolean dryRun;
    private long read;
    private long matched;
    private long replayed;
    private long alreadyReplayed;
    private final Map<String, Long> refused = new TreeMap<>();
    private final Map<String, Long> byReason = new TreeMap<>();
    private final Map<String, Long> byTenant = new TreeMap<>();

    ReplaySummary(boolean dryRun) {
        this.dryRun = dryRun;
    }

    void read() {
        read++;
    }

    void matched() {
        matched++;
    }

    void alreadyReplayed() {
        alreadyReplayed++;
    }

    void refused(String cause) {
        refused.merge(cause, 1L, Long::sum);
    }

    /** Replayed, or in a dry run: would be replayed. */
    void replayed(Letter letter) {
        replayed++;
        byReason.merge(letter.reason(), 1L, Long::sum);
        byTenant.merge(letter.tenant().orElse(Letter.UNKNOWN), 1L, Long::sum);
    }

    public long readCount() {
        return read;
    }

    public long matchedCount() {
        return matched;
    }

    /** Replayed, or in a dry run: would be replayed. */
    public long replayedCount() {
        return replayed;
    }

    public long alreadyReplayedCount() {
        return alreadyReplayed;
    }

    public long refusedCount() {
        return refused.values().stream().mapToLong(Long::longValue).sum();
    }

    public Map<String, Long> byReason() {
        return Map.copyOf(byReason);
    }

    public Map<String, Long> byTenant() {
        return Map.copyOf(byTenant);
    }

    List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add((dryRun ? "dry run: nothing was replayed. " : "") + "dead letters read: " + read + ", matching: "
                + matched + ", " + (dryRun ? "would replay: " : "replayed: ") + replayed + ", already replayed: "
                + alreadyReplayed + ", refused: " + refusedCount());
        byReason.forEach((reason, count) -> lines.add("  reason " + reason + ": " + count));
        byTenant.forEach((tenant, count) -> lines.add("  tenant " + tenant + ": " + count));
        refused.forEach((cause, count) -> lines.add("  refused " + cause + ": " + count));
        return lines;
    }
}
