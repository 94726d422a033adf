package io.clayenrichment.common.intake;

import io.clayenrichment.common.http.ErrorCode;
import io.clayenrichment.common.schema.Tenants;
import java.util.Optional;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clayenrichment.common.contact.ContactKey;
import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.json.MessageFormatException;
import io.clayenrichment.common.schema.EnrichmentRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Turns an intake body (one request object, or an array of them) into publishable items, all or
 * nothing: the first invalid item refuses the whole batch with its index and reason. Items are
 * checked as the enrichment topology would check them, so what is accepted here is not dead-lettered
 * there as invalid.
 */
public final class RequestBatchParser {

    private static final ErrorCode INVALID = ErrorCode.INVALID_REQUEST;

    // Items are sliced out of the body as sent; reading them again exactly keeps numbers as written.
    private static final ObjectReader READER = Json.mapper().reader()
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final String REQUEST_ID_FIELD = "\"request_id\":";

    private final int maxBatch;
    private final Supplier<String> requestIds;

    public RequestBatchParser(int maxBatch, Supplier<String> requestIds) {
        this.maxBatch = maxBatch;
        this.requestIds = requestIds;
    }

    /** @throws RejectedRequest 400 for malformed JSON or an invalid item, 413 for more items than allowed */
    public List<IntakeItem> parse(byte[] body) {
        List<Slice> slices = slices(body);
        if (slices.size() > maxBatch) {
            throw new RejectedRequest(ErrorCode.BATCH_TOO_LARGE, "the batch has " + slices.size()
                    + " requests, over the limit of " + maxBatch + " (INTAKE_MAX_BATCH): split it");
        }
        List<IntakeItem> items = new ArrayList<>(slices.size());
        for (int i = 0; i < slices.size(); i++) {
            items.add(item(i, slices.get(i), body));
        }
        return items;
    }

    /**
     * A body that must hold exactly one request object (the synchronous API), checked like a batch item.
     *
     * @throws RejectedRequest 400 for malformed JSON, an array, or an invalid request
     */
    public IntakeItem parseOne(byte[] body) {
        List<Slice> slices = slices(body);
        if (startsWithArray(body)) {
            throw new RejectedRequest(INVALID, "expected one request object, got an array: send batches to "
                    + "POST /v1/requests on the webhook-receiver");
        }
        try {
            return item(0, slices.get(0), body);
        } catch (RejectedRequest e) {
            throw e.withoutIndex();
        }
    }

    private static boolean startsWithArray(byte[] body) {
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return b == '[';
            }
        }
        return false;
    }

    /** Where each item starts and ends in the body, and what JSON type it is. */
    private record Slice(int from, int to, JsonToken first) {}

    private static List<Slice> slices(byte[] body) {
        List<Slice> slices = new ArrayList<>();
        try (JsonParser parser = READER.createParser(body)) {
            JsonToken root = parser.nextToken();
            if (root == null) {
                throw new RejectedRequest(INVALID, "body is empty: expected a request object or an array of them");
            }
            if (root == JsonToken.START_OBJECT) {
                slices.add(slice(parser));
            } else if (root == JsonToken.START_ARRAY) {
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    slices.add(slice(parser));
                }
                if (slices.isEmpty()) {
                    throw new RejectedRequest(INVALID, "the array is empty: send at least one request");
                }
            } else {
                throw new RejectedRequest(INVALID, "expected a request object or an array of them, got "
                        + describe(root));
            }
            if (parser.nextToken() != null) {
                throw new RejectedRequest(INVALID, "malformed JSON: more content after the end of the "
                        + (root == JsonToken.START_OBJECT ? "object" : "array"));
            }
        } catch (IOException e) {
            throw new RejectedRequest(INVALID, Json.describe(e));
        }
        return slices;
    }

    private static Slice slice(JsonParser parser) throws IOException {
        JsonToken first = parser.currentToken();
        int from = (int) parser.currentTokenLocation().getByteOffset();
        parser.skipChildren();
        return new Slice(from, (int) parser.currentLocation().getByteOffset(), first);
    }

    private IntakeItem item(int index, Slice slice, byte[] body) {
        if (slice.first() != JsonToken.START_OBJECT) {
            throw RejectedRequest.forItem(INVALID, index, "expected a JSON object, got "
                    + describe(slice.first()));
        }
        byte[] json = Arrays.copyOfRange(body, slice.from(), slice.to());
        EnrichmentRequest request;
        try {
            request = Json.read(json, EnrichmentRequest.class).normalised();
        } catch (MessageFormatException e) {
            throw RejectedRequest.forItem(INVALID, index, e.getMessage());
        }
        Optional<String> problem = request.problem();
        if (problem.isPresent()) {
            throw RejectedRequest.forItem(INVALID, index, problem.get());
        }
        String contactKey = request.contactKey().orElseThrow(() -> RejectedRequest.forItem(INVALID, index,
                ContactKey.whyUnusable(request.email(), request.linkedinUrl(),
                        request.domain(), request.firstName(), request.lastName())));
        if (request.requestId() != null) {
            return new IntakeItem(request.requestId(), request.tenantOrDefault(), contactKey, json);
        }
        String requestId = requestIds.get();
        return new IntakeItem(requestId, request.tenantOrDefault(), contactKey, withRequestId(json, requestId));
    }

    /**
     * The item with {@code request_id} set: put first into the bytes as sent when the field is absent,
     * else (it was null or blank) replaced in an exact re-write of the item.
     */
    private static byte[] withRequestId(byte[] json, String requestId) {
        try {
            ObjectNode node = (ObjectNode) READER.readTree(json);
            if (node.has("request_id")) {
                node.put("request_id", requestId);
                return Json.mapper().writeValueAsBytes(node);
            }
            byte[] field = (REQUEST_ID_FIELD + Json.writeString(requestId)
                    + (node.isEmpty() ? "" : ",")).getBytes(StandardCharsets.UTF_8);
            // json starts with '{': the slice begins at the object's first token.
            byte[] spliced = new byte[json.length + field.length];
            spliced[0] = json[0];
            System.arraycopy(field, 0, spliced, 1, field.length);
            System.arraycopy(json, 1, spliced, 1 + field.length, json.length - 1);
            return spliced;
        } catch (IOException e) {
            throw new IllegalStateException("an item that parsed once did not parse again", e);
        }
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

}
