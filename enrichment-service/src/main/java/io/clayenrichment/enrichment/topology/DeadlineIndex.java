package io.clayenrichment.enrichment.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * The attempts of one task ordered by deadline, in memory. It is rebuilt from the attempts store
 * when the task starts, so it needs no changelog of its own and costs no write per request.
 */
final class DeadlineIndex {

    /**
     * Ties (many attempts start in the same millisecond) are broken by an insertion number, not by the
     * key: two longs compare faster than two store keys that share a long prefix (tenant, "email:").
     */
    private record Entry(long deadlineMs, long sequence, String key) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry other) {
            int byTime = Long.compare(deadlineMs, other.deadlineMs);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    private final NavigableSet<Entry> byDeadline = new TreeSet<>();
    private final Map<String, Entry> deadlines = new HashMap<>();
    private long nextSequence;

    void add(String key, long deadlineMs) {
        Entry entry = new Entry(deadlineMs, nextSequence++, key);
        Entry previous = deadlines.put(key, entry);
        if (previous != null) {
            byDeadline.remove(previous);
        }
        byDeadline.add(entry);
    }

    void remove(String key) {
        Entry entry = deadlines.remove(key);
        if (entry != null) {
            byDeadline.remove(entry);
        }
    }

    /** The keys whose deadline is at or before {@code nowMs}, earliest first. */
    List<String> expired(long nowMs) {
        List<String> keys = new ArrayList<>();
        for (Entry entry : byDeadline) {
            if (entry.deadlineMs > nowMs) {
                break;
            }
            keys.add(entry.key);
        }
        return keys;
    }

    int size() {
        return deadlines.size();
    }

    boolean contains(String key) {
        return deadlines.containsKey(key);
    }

    OptionalLong earliestDeadline() {
        return byDeadline.isEmpty() ? OptionalLong.empty() : OptionalLong.of(byDeadline.first().deadlineMs);
    }
}
