package io.clayenrichment.enrichment.dispatch;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The configured Clay webhook URLs and how many submissions each has taken, counted per
 * (URL, outbound partition) so every count has one writer: the instance that owns the partition.
 * Rows go to the first URL, in configuration order, that is still under the limit.
 *
 * <p>A table whose rows Clay deletes after they ran (a passthrough table, on Enterprise plans) has no
 * lifetime cap: the pool is then uncapped, and a URL is left behind only when Clay says it is used up.
 *
 * <p>URLs are known by their position and by a hash, never by their text: a Clay webhook URL is a
 * credential and must not reach logs, metrics or topics.
 */
final class UrlPool {

    /** A (URL, partition) pair whose count lives under one key of the submissions topic. */
    record Slot(int urlIndex, int partition) {}

    /** The limit of an uncapped pool: far beyond any count, and its sums over slots cannot overflow. */
    private static final long UNCAPPED = Long.MAX_VALUE / 4;

    private final List<String> urlIds;
    private final long limit;
    private final boolean capped;
    private final Map<Slot, Long> counts = new HashMap<>();

    UrlPool(List<URI> urls, int limit) {
        this(urls, limit, true);
    }

    /** @param capped false for a passthrough table: {@code limit} is then ignored */
    UrlPool(List<URI> urls, int limit, boolean capped) {
        this.urlIds = urls.stream().map(UrlPool::idOf).toList();
        this.limit = capped ? limit : UNCAPPED;
        this.capped = capped;
    }

    /** A stable, non-reversible id of a URL: the first 16 hex digits of its SHA-256. */
    static String idOf(URI url) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(url.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    int size() {
        return urlIds.size();
    }

    long limit() {
        return limit;
    }

    boolean capped() {
        return capped;
    }

    String key(Slot slot) {
        return urlIds.get(slot.urlIndex()) + "/" + slot.partition();
    }

    /** The slot a key of the submissions topic counts, if it names one of our URLs (others are ignored). */
    Optional<Slot> slotOf(String key) {
        int slash = key.lastIndexOf('/');
        if (slash <= 0) {
            return Optional.empty();
        }
        int urlIndex = urlIds.indexOf(key.substring(0, slash));
        try {
            int partition = Integer.parseInt(key.substring(slash + 1));
            return urlIndex < 0 || partition < 0 ? Optional.empty() : Optional.of(new Slot(urlIndex, partition));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Takes a count read from the topic. Counts only grow, so an older echo of our own write never lowers one. */
    synchronized void observe(Slot slot, long count) {
        counts.merge(slot, count, Math::max);
    }

    synchronized long count(Slot slot) {
        return counts.getOrDefault(slot, 0L);
    }

    /** Adds one submission and answers the slot's new count. */
    synchronized long increment(Slot slot) {
        return counts.merge(slot, 1L, Long::sum);
    }

    /**
     * Clay said this URL is used up: raise the slot's count so the URL's total reaches the limit for
     * every instance that reads the topic. Answers the slot's new count.
     */
    synchronized long markUsedUp(Slot slot) {
        long missing = Math.max(0, limit - total(slot.urlIndex()));
        return counts.merge(slot, missing, Long::sum);
    }

    synchronized long total(int urlIndex) {
        long sum = 0;
        for (var entry : counts.entrySet()) {
            if (entry.getKey().urlIndex() == urlIndex) {
                sum += entry.getValue();
            }
        }
        return sum;
    }

    synchronized long left(int urlIndex) {
        return Math.max(0, limit - total(urlIndex));
    }

    /** What a gauge shows of {@link #left}: infinite for a URL of an uncapped pool that Clay has not called used up. */
    synchronized double leftShown(int urlIndex) {
        long left = left(urlIndex);
        return capped || left == 0 ? left : Double.POSITIVE_INFINITY;
    }

    synchronized long leftOverall() {
        long left = 0;
        for (int i = 0; i < urlIds.size(); i++) {
            left += left(i);
        }
        return left;
    }

    /** True when fewer than {@code fraction} of the pool's submissions are left. */
    synchronized boolean low(double fraction) {
        return capped ? leftOverall() < fraction * limit * urlIds.size() : current().isEmpty();
    }

    /** The URL rows go to now: the first one under the limit; empty when the pool is used up. */
    synchronized OptionalInt current() {
        for (int i = 0; i < urlIds.size(); i++) {
            if (total(i) < limit) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }
}
