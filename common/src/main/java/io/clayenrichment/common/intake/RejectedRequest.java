package io.clayenrichment.common.intake;

import io.clayenrichment.common.http.ApiError;
import io.clayenrichment.common.http.ErrorCode;
import java.util.List;
import java.util.Map;

/**
 * Why a request sent over HTTP is refused before anything is published: an {@link ApiError} whose
 * detail names the problem and, for an item of a batch, whose body carries its zero-based
 * {@code index}. Both services answer it as it is.
 */
public final class RejectedRequest extends ApiError {
    private static final long serialVersionUID = 1L;

    private final String reason;

    RejectedRequest(ErrorCode code, String reason) {
        this(code, reason, null);
    }

    private RejectedRequest(ErrorCode code, String reason, Integer index) {
        this(code, reason, index, index == null ? reason : "item " + index + ": " + reason);
    }

    private RejectedRequest(ErrorCode code, String reason, Integer index, String message) {
        super(code, message, Map.of(), index);
        this.reason = reason;
    }

    /** A refusal because of one item of a batch; the detail names the item. */
    static RejectedRequest forItem(ErrorCode code, int index, String reason) {
        return new RejectedRequest(code, reason, index);
    }

    /**
     * A refusal because of several items of a batch: the detail names them (the first
     * {@link TenantCheck#NAMED_AT_MOST}), {@link #index()} is the first.
     */
    static RejectedRequest forItems(ErrorCode code, List<Integer> indexes, String reason) {
        if (indexes.size() == 1) {
            return forItem(code, indexes.get(0), reason);
        }
        String items = TenantCheck.named(indexes.stream().map(String::valueOf).toList());
        return new RejectedRequest(code, reason, indexes.get(0), "items " + items + ": " + reason);
    }

    /** The same refusal for a body that must hold exactly one request: no item index in it. */
    RejectedRequest withoutIndex() {
        return new RejectedRequest(code(), reason, null);
    }

    /** The item's index in the batch, or null when the refusal is about the whole body. */
    public Integer index() {
        return body().index();
    }
}
