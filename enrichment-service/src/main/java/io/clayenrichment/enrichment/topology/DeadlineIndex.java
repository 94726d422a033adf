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

    private record Entry(long deadlineMs, String key) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry other) {
            int byTime = Long.compare(deadlineMs, other.deadlineMs);
            return byTime != 0 ? byTime : key.compareTo(other.key);
        }
    }

    private final NavigableSet<Entry> byDeadline = new TreeSet<>();
    private final Map<String, Long> deadlines = new HashMap<>();

    void add(String key, long deadlineMs) {
        remove(key);
        byDeadline.add(new Entry(deadlineMs, key));
        deadlines.put(key, deadlineMs);
    }

    void remove(String key) {
        Long deadline = deadlines.remove(key);
        if (deadline != null) {
            byDeadline.remove(new Entry(deadline, key));
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

    OptionalLong earliestDeadline() {
        return byDeadline.isEmpty() ? OptionalLong.empty() : OptionalLong.of(byDeadline.first().deadlineMs);
    }
}
