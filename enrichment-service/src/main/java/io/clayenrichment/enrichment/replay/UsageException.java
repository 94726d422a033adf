package io.clayenrichment.enrichment.replay;

/** Bad command-line usage: printed as one line, exit code 2. */
public final class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }
}
