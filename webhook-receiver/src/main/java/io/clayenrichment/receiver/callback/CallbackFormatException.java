package io.clayenrichment.receiver.callback;

/** A callback body the receiver cannot accept; the message names the field and is safe to return (400). */
public final class CallbackFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CallbackFormatException(String message) {
        super(message);
    }
}
