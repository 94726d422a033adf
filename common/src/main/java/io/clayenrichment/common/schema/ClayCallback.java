package io.clayenrichment.common.schema;

import java.util.Map;

/**
 * What Clay's HTTP API column posts back for one row, after the receiver has normalised it: the
 * echoed identifiers, the outcome and the enriched fields.
 */
public record ClayCallback(
        String correlationId,
        String contactKey,
        String tenant,
        String requestId,
        ResultStatus status,
        Map<String, Object> data,
        Double creditsUsed) {

    /**
     * The most credits one callback (one row) may report. The webhook-receiver refuses a callback
     * over it (400) and the enrichment service clamps to it, so a corrupt or hostile
     * {@code credits_used} can neither stop a partition nor lock a tenant out.
     *
     * <p>Why 10,000: a real Clay row costs at most tens of credits (a long enrichment waterfall or
     * an AI column), so this is over a hundred times what any row should cost. And it is far below
     * what breaks the budget's arithmetic, which counts milli-credits in a {@code long} (about
     * 9.2e18): one row at the maximum is 1e7 milli-credits, and even a billion such rows in a month
     * (the event-driven shape runs about 1.5 million rows a month) sum to 1e16, under a hundredth
     * of the limit.
     */
    public static final int MAX_CREDITS_USED = 10_000;

    public ClayCallback {
        data = data == null ? Map.of() : data;
    }
}
