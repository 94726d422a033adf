package io.clayenrichment.enrichment.replay;

/**
 * The value of a {@code dlq replay} ledger entry (key {@code <partition>:<offset>} of the dead
 * letter): when it was replayed, its reason, and how often its request has been replayed now. Only
 * the key is read back; the value is for people reading the ledger.
 *
 * @param replayedAt an ISO-8601 instant
 */
public record ReplayMark(String replayedAt, String reason, int replayCount) {}
