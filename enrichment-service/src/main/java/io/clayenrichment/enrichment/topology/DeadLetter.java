package io.clayenrichment.enrichment.topology;

/** A record for dlq.clay: the original key and value bytes (the headers travel on the record). */
public record DeadLetter(byte[] key, byte[] value) {}
