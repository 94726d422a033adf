package io.clayenrichment.enrichment.http;

/** An HTTP error answered as {@code {"error":"...","detail":"..."}} with its status. */
public final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;

    public ApiError(int status, String error, String detail) {
        super(detail);
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    /** The JSON body. */
    public record Body(String error, String detail) {}

    public Body body() {
        return new Body(error, getMessage());
    }
}
