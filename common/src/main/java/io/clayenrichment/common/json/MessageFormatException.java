package io.clayenrichment.common.json;

/** A message that cannot be read as the contract's JSON; the message names the field and the problem. */
public class MessageFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MessageFormatException(String message) {
        super(message);
    }

    public MessageFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
