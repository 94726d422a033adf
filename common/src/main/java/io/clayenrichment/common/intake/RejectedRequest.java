package io.clayenrichment.common.intake;

import java.util.List;

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
        this(status, error, reason, index, index == null ? reason : "item " + index + ": " + reason);
    }

    private RejectedRequest(int status, String error, String reason, Integer index, String message) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
        this.reason = reason;
        this.index = index;
    }

    /** A refusal because of one item of a batch; the detail names the item. */
    static RejectedRequest forItem(int status, String error, int index, String reason) {
        return new RejectedRequest(status, error, reason, index);
    }

    /**
     * A refusal because of several items of a batch: the detail names them (the first
     * {@link TenantCheck#NAMED_AT_MOST}), {@link #index()} is the first.
     */
    static RejectedRequest forItems(int status, String error, List<Integer> indexes, String reason) {
        if (indexes.size() == 1) {
            return forItem(status, error, indexes.get(0), reason);
        }
        String items = TenantCheck.named(indexes.stream().map(String::valueOf).toList());
        return new RejectedRequest(status, error, reason, indexes.get(0), "items " + items + ": " + reason);
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
