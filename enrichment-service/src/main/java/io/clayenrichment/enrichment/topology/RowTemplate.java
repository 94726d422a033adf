package io.clayenrichment.enrichment.topology;

import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.schema.EnrichmentRequest;
import io.clayenrichment.common.schema.OutboundRow;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The Clay row of a request, written as JSON once where the request is parsed (the intake) and
 * carried to the decider, which only fills in what an attempt decides: the correlation id and the
 * time. The decider then never parses the request again. {@link #fill} gives exactly the bytes that
 * writing {@link OutboundRow#forAttempt} with Jackson gives (a test holds it to that).
 *
 * @param json the row as Jackson writes it without a correlation id and with {@link #PLACEHOLDER_TIME}
 *     as {@code requested_at}
 * @param requestedAtOffset where the placeholder time's text starts in {@code json}
 */
public record RowTemplate(byte[] json, int requestedAtOffset) {

    /** Written in place of the attempt's time; Jackson writes it as {@link #PLACEHOLDER_TEXT}. */
    static final Instant PLACEHOLDER_TIME = Instant.EPOCH;
    private static final String PLACEHOLDER_TEXT = "1970-01-01T00:00:00Z";
    private static final byte[] PLACEHOLDER_MEMBER = ("\"requested_at\":\"" + PLACEHOLDER_TEXT + "\"")
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] CORRELATION_KEY = "{\"correlation_id\":".getBytes(StandardCharsets.UTF_8);

    /**
     * The template of {@code request}'s row ({@code contactKey} is the key of its identity), or null if
     * the row cannot be written as one; the decider then builds the row from the request itself.
     */
    static RowTemplate of(EnrichmentRequest request, String contactKey) {
        byte[] json = Json.write(OutboundRow.forAttempt(request, contactKey, null, PLACEHOLDER_TIME));
        // The contract's members come first, so the first match is the real requested_at member (an
        // attribute value holding the same text comes later; attributes named requested_at are dropped).
        int member = indexOf(json, PLACEHOLDER_MEMBER);
        return member < 0 || json[0] != '{' ? null : new RowTemplate(json, member + "\"requested_at\":\"".length());
    }

    /** The row of one attempt: this template with its correlation id and time. */
    byte[] fill(String correlationId, Instant requestedAt) {
        byte[] id = plain(correlationId) ? ('"' + correlationId + '"').getBytes(StandardCharsets.UTF_8)
                : Json.write(correlationId);
        byte[] time = requestedAt.toString().getBytes(StandardCharsets.UTF_8);
        int afterPlaceholder = requestedAtOffset + PLACEHOLDER_TEXT.length();
        // {"correlation_id":<id>, then the template after its "{", with the time in place of the placeholder
        byte[] row = new byte[CORRELATION_KEY.length + id.length + 1 + (requestedAtOffset - 1) + time.length
                + (json.length - afterPlaceholder)];
        int at = append(row, 0, CORRELATION_KEY, 0, CORRELATION_KEY.length);
        at = append(row, at, id, 0, id.length);
        row[at++] = ',';
        at = append(row, at, json, 1, requestedAtOffset - 1);
        at = append(row, at, time, 0, time.length);
        append(row, at, json, afterPlaceholder, json.length - afterPlaceholder);
        return row;
    }

    private static int append(byte[] target, int at, byte[] source, int from, int length) {
        System.arraycopy(source, from, target, at, length);
        return at + length;
    }

    /** Text JSON writes as it is between quotes (correlation ids are UUIDs). */
    private static boolean plain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= bytes.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
