package io.clayenrichment.common.config;

/** A setting that is missing or malformed; the message is one line that names the variable. */
public class SettingsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SettingsException(String message) {
        super(message);
    }
}
