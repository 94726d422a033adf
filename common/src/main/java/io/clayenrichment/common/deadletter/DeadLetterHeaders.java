package io.clayenrichment.common.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** The headers every dead letter carries beside the original record's own. */
public final class DeadLetterHeaders {

    public static final String REASON = "dlq.reason";
    public static final String DETAIL = "dlq.detail";
    public static final String TENANT = "dlq.tenant";
    public static final String SOURCE_TOPIC = "dlq.source.topic";
    public static final String SOURCE_PARTITION = "dlq.source.partition";
    public static final String SOURCE_OFFSET = "dlq.source.offset";
    public static final String FAILED_AT = "dlq.failed_at";
    /** The correlation id of the attempt that failed, when there was one (an extension of the contract). */
    public static final String CORRELATION_ID = "dlq.correlation_id";

    private static final int MAX_DETAIL_CHARS = 1000;

    private DeadLetterHeaders() {}

    /** Adds the dead-letter headers to {@code headers}, replacing any earlier ones (a replayed letter). */
    public static Headers stamp(Headers headers, DeadLetterReason reason, String detail, String tenant,
            String sourceTopic, int sourcePartition, long sourceOffset, Instant failedAt) {
        put(headers, REASON, reason.wire());
        put(headers, DETAIL, detail == null ? "" : truncate(detail));
        if (tenant != null) {
            put(headers, TENANT, tenant);
        } else {
            headers.remove(TENANT);
        }
        put(headers, SOURCE_TOPIC, sourceTopic);
        put(headers, SOURCE_PARTITION, Integer.toString(sourcePartition));
        put(headers, SOURCE_OFFSET, Long.toString(sourceOffset));
        put(headers, FAILED_AT, failedAt.toString());
        return headers;
    }

    public static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    public static Optional<String> read(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? Optional.empty()
                : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }

    private static String truncate(String detail) {
        return detail.length() <= MAX_DETAIL_CHARS ? detail : detail.substring(0, MAX_DETAIL_CHARS - 3) + "...";
    }
}
