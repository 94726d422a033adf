package io.clayenrichment.sandbox.webhook;

import io.clayenrichment.sandbox.webhook.SourceStateFile.State;
import io.clayenrichment.sandbox.webhook.SourceStateFile.StoredSource;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The workspace's webhook sources and how many submissions each URL has taken in its life. Clay
 * caps a webhook URL's lifetime submissions; deleting rows does not give any back, and a deleted
 * source's id is never handed out again.
 */
public final class Sources {

    /** What a submission to a source came to. */
    public enum Admission { ACCEPTED, UNKNOWN, USED_UP }

    /** A submission's outcome and the source's lifetime count after it. */
    public record Submission(Admission admission, long lifetimeCount) {}

    /** One source as the admin API shows it. */
    public record SourceView(String id, long submissions, long remaining, boolean deleted) {}

    /** Thrown when an id cannot be created; the message says why. */
    public static final class ConflictException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ConflictException(String message) {
            super(message);
        }
    }

    private static final class Source {
        final AtomicLong submissions;
        volatile boolean deleted;

        Source(long submissions, boolean deleted) {
            this.submissions = new AtomicLong(submissions);
            this.deleted = deleted;
        }
    }

    private final long cap;
    private final ConcurrentMap<String, Source> sources = new ConcurrentHashMap<>();
    private final SourceStateFile stateFile;
    private final AtomicBoolean dirty = new AtomicBoolean();

    /** {@code stateFile} may be null: counts then live in memory only. */
    public Sources(long cap, List<String> configured, SourceStateFile stateFile) {
        this.cap = cap;
        this.stateFile = stateFile;
        if (stateFile != null) {
            for (StoredSource stored : stateFile.load().sources()) {
                sources.put(stored.id(), new Source(stored.submissions(), stored.deleted()));
            }
        }
        for (String id : configured) {
            sources.putIfAbsent(id, new Source(0, false));
        }
        dirty.set(stateFile != null);
    }

    public long cap() {
        return cap;
    }

    /** Counts one submission to {@code id} unless the source is unknown, deleted or used up. */
    public Submission submit(String id) {
        Source source = sources.get(id);
        if (source == null || source.deleted) {
            return new Submission(Admission.UNKNOWN, 0);
        }
        long before = source.submissions.getAndUpdate(n -> n < cap ? n + 1 : n);
        if (before >= cap) {
            return new Submission(Admission.USED_UP, before);
        }
        dirty.set(true);
        return new Submission(Admission.ACCEPTED, before + 1);
    }

    public boolean isActive(String id) {
        Source source = sources.get(id);
        return source != null && !source.deleted;
    }

    /** Creates {@code id}; a live or deleted source of that id is a conflict. */
    public void create(String id) {
        SourceId.checkOrThrow(id);
        Source previous = sources.putIfAbsent(id, new Source(0, false));
        if (previous != null) {
            throw new ConflictException(previous.deleted
                    ? "source '" + id + "' was deleted; a deleted webhook URL is never reused, create another id"
                    : "source '" + id + "' already exists");
        }
        dirty.set(true);
        flush();
    }

    /** Deletes {@code id}; false when there is no live source of that id. */
    public boolean delete(String id) {
        Source source = sources.get(id);
        if (source == null || source.deleted) {
            return false;
        }
        source.deleted = true;
        dirty.set(true);
        flush();
        return true;
    }

    public Optional<SourceView> find(String id) {
        Source source = sources.get(id);
        return source == null ? Optional.empty() : Optional.of(view(id, source));
    }

    /** Every source, live and deleted, by id. */
    public List<SourceView> list() {
        return sources.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
                .map(e -> view(e.getKey(), e.getValue()))
                .toList();
    }

    /** Lifetime submissions per source id, live and deleted. */
    public Map<String, Long> submissions() {
        Map<String, Long> counts = new LinkedHashMap<>();
        list().forEach(v -> counts.put(v.id(), v.submissions()));
        return counts;
    }

    /** Forgets every lifetime count (a fresh workspace); sources stay as they are. */
    public void resetSubmissions() {
        sources.values().forEach(s -> s.submissions.set(0));
        dirty.set(true);
        flush();
    }

    /** Writes the counts to the state file when they changed since the last write. */
    public void flush() {
        if (stateFile != null && dirty.getAndSet(false)) {
            stateFile.save(new State(list().stream()
                    .map(v -> new StoredSource(v.id(), v.submissions(), v.deleted()))
                    .toList()));
        }
    }

    private SourceView view(String id, Source source) {
        long used = source.submissions.get();
        return new SourceView(id, used, Math.max(0, cap - used), source.deleted);
    }
}
