package io.clayenrichment.common.intake;

/** One validated request, ready to publish: its id, its contact key (the record key) and its JSON. */
public record IntakeItem(String requestId, String contactKey, byte[] json) {}
