package io.clayenrichment.receiver.intake;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clayenrichment.common.contact.ContactKey;
import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.json.MessageFormatException;
import io.clayenrichment.common.schema.EnrichmentRequest;
import io.clayenrichment.receiver.http.ApiError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Turns an intake body (one request object, or an array of them) into publishable items, all or
 * nothing: the first invalid item refuses the whole batch with its index and reason. Items are
 * checked as the enrichment topology would check them, so what is accepted here is not dead-lettered
 * there as invalid.
 */
public final class RequestBatchParser {

    static final int MAX_TENANT_LENGTH = 200;
    private static final String INVALID = "invalid_request";

    // Decimals are read exactly, so a re-written item carries the same numbers it was sent with.
    private static final ObjectReader READER = Json.mapper().reader()
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final int maxBatch;
    private final Supplier<String> requestIds;

    public RequestBatchParser(int maxBatch, Supplier<String> requestIds) {
        this.maxBatch = maxBatch;
        this.requestIds = requestIds;
    }

    /** @throws ApiError 400 for malformed JSON or an invalid item, 413 for more items than allowed */
    public List<IntakeItem> parse(byte[] body) {
        JsonNode root = tree(body);
        List<JsonNode> nodes = new ArrayList<>();
        if (root.isObject()) {
            nodes.add(root);
        } else if (root.isArray()) {
            root.forEach(nodes::add);
        } else {
            throw new ApiError(400, INVALID, "expected a request object or an array of them, got "
                    + root.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (nodes.isEmpty()) {
            throw new ApiError(400, INVALID, "the array is empty: send at least one request");
        }
        if (nodes.size() > maxBatch) {
            throw new ApiError(413, "batch_too_large", "the batch has " + nodes.size()
                    + " requests, over the limit of " + maxBatch + " (INTAKE_MAX_BATCH): split it");
        }
        List<IntakeItem> items = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            items.add(item(i, nodes.get(i)));
        }
        return items;
    }

    private static JsonNode tree(byte[] body) {
        if (body.length == 0) {
            throw new ApiError(400, INVALID, "body is empty: expected a request object or an array of them");
        }
        try {
            JsonNode root = READER.readTree(body);
            if (root == null || root.isMissingNode()) {
                throw new ApiError(400, INVALID, "body is empty: expected a request object or an array of them");
            }
            return root;
        } catch (IOException e) {
            throw new ApiError(400, INVALID, "malformed JSON: " + Json.describe(e));
        }
    }

    private IntakeItem item(int index, JsonNode node) {
        if (!node.isObject()) {
            throw ApiError.forItem(400, INVALID, index, "expected a JSON object, got "
                    + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        EnrichmentRequest request;
        try {
            request = Json.read(Json.write(node), EnrichmentRequest.class).normalised();
        } catch (MessageFormatException e) {
            throw ApiError.forItem(400, INVALID, index, e.getMessage());
        }
        String tenantProblem = tenantProblem(request.tenantOrDefault());
        if (tenantProblem != null) {
            throw ApiError.forItem(400, INVALID, index, tenantProblem);
        }
        String contactKey = request.contactKey().orElseThrow(() -> ApiError.forItem(400, INVALID, index,
                ContactKey.whyUnusable(request.email(), request.linkedinUrl(),
                        request.domain(), request.firstName(), request.lastName())));
        String requestId = request.requestId();
        if (requestId == null) {
            requestId = requestIds.get();
            ((ObjectNode) node).put("request_id", requestId);
        }
        return new IntakeItem(requestId, contactKey, Json.write(node));
    }

    /** The topology's rules for a tenant (after the default applies): at most 200 characters, no control characters. */
    static String tenantProblem(String tenant) {
        if (tenant.chars().anyMatch(Character::isISOControl)) {
            return "field 'tenant': must not contain control characters";
        }
        if (tenant.length() > MAX_TENANT_LENGTH) {
            return "field 'tenant': longer than " + MAX_TENANT_LENGTH + " characters";
        }
        return null;
    }
}
