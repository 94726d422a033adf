package io.clayenrichment.common.intake;

/**
 * Why a request sent over HTTP is refused before anything is published: the HTTP status, a stable
 * machine-readable {@code error} code, a human detail and, for an item of a batch, its zero-based
 * index. Each service turns it into its own JSON error answer.
 */
public final class RejectedRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;
    private final String reason;
    private final Integer index;

    RejectedRequest(int status, String error, String reason) {
        this(status, error, reason, null);
    }

    private RejectedRequest(int status, String error, String reason, Integer index) {
        super(index == null ? reason : "item " + index + ": " + reason, null, false, false);
        this.status = status;
        this.error = error;
        this.reason = reason;
        this.index = index;
    }

    /** A refusal because of one item of a batch; the detail names the item. */
    static RejectedRequest forItem(int status, String error, int index, String reason) {
        return new RejectedRequest(status, error, reason, index);
    }

    /** The same refusal for a body that must hold exactly one request: no item index in it. */
    RejectedRequest withoutIndex() {
        return new RejectedRequest(status, error, reason, null);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public String detail() {
        return getMessage();
    }

    /** The item's index in the batch, or null when the refusal is about the whole body. */
    public Integer index() {
        return index;
    }
}
