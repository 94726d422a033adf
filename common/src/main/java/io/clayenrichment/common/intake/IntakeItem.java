package io.clayenrichment.common.intake;

/**
 * One validated request, ready to publish: its id, its tenant (the contract's default when it names
 * none), its contact key (the record key) and its JSON.
 */
public record IntakeItem(String requestId, String tenant, String contactKey, byte[] json) {}
