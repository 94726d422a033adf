package io.clayenrichment.receiver.callback;

import static io.clayenrichment.receiver.callback.CallbackJson.kind;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clayenrichment.common.schema.Blank;
import io.clayenrichment.common.schema.ClayCallback;
import io.clayenrichment.common.schema.ResultStatus;
import io.clayenrichment.common.schema.Tenants;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the body Clay's HTTP API column posts into a {@link ClayCallback}.
 *
 * <ul>
 *   <li>The body is one JSON object and nothing after it, read as strictly as the HTTP intake reads
 *       its bodies (see {@link CallbackJson}).</li>
 *   <li>{@code correlation_id}, {@code contact_key}, {@code tenant}, {@code request_id} and
 *       {@code status} are JSON strings when given; a tenant is one the intake would accept
 *       ({@link Tenants#problem}). {@code credits_used} follows {@link CreditsUsed}.</li>
 *   <li>Nested ({@code "data": {...}}) and flat bodies are both accepted: every top-level key that is
 *       not one of the contract's fields joins {@code data} (a key inside {@code data} wins). A
 *       {@code data} given as a string holding a JSON object (what a quoted column reference gives)
 *       is read as that object.</li>
 *   <li>{@code ""}, {@code null} and {@code "null"} are missing, at any depth of {@code data}; so are
 *       objects and arrays left empty. Missing values are dropped, never published.</li>
 *   <li>Without a {@code status}: {@code success} when {@code data} has a field other than
 *       {@code error}; else {@code error} when it has an {@code error}; else {@code not_found}.</li>
 * </ul>
 * Anything it cannot accept raises {@link CallbackFormatException} naming the field.
 */
public final class CallbackParser {

    /**
     * The deepest nesting a callback may have. Clay's columns give shallow JSON; the bound keeps
     * every accepted callback publishable: a flat body's fields sit one level deeper in the
     * published result than in the body, and Jackson writes no more than 1,000 levels, so a body at
     * Jackson's own reading limit would fail only when published, as a 503 that Clay retries forever.
     */
    public static final int MAX_DEPTH = 100;

    static final String CORRELATION_ID = "correlation_id";
    static final String CONTACT_KEY = "contact_key";
    static final String TENANT = "tenant";
    static final String REQUEST_ID = "request_id";
    static final String STATUS = "status";
    static final String CREDITS_USED = CreditsUsed.FIELD;
    static final String DATA = "data";
    static final String ERROR = "error";
    static final Set<String> CONTRACT_FIELDS = Set.of(CORRELATION_ID, CONTACT_KEY, TENANT, REQUEST_ID, STATUS,
            CREDITS_USED, DATA);

    public ClayCallback parse(byte[] body) {
        ObjectNode root = object(body);
        String correlationId = text(root, CORRELATION_ID);
        if (correlationId == null) {
            throw new CallbackFormatException("field 'correlation_id' is required: echo the row's correlation_id");
        }
        Map<String, Object> data = data(root);
        return new ClayCallback(correlationId, text(root, CONTACT_KEY), tenant(root), text(root, REQUEST_ID),
                status(root, data), data, CreditsUsed.read(root.get(CREDITS_USED)));
    }

    private static ObjectNode object(byte[] body) {
        if (body == null || body.length == 0) {
            throw new CallbackFormatException("body is empty: expected a JSON object");
        }
        JsonNode node = CallbackJson.read(body);
        if (node == null || !node.isObject()) {
            throw new CallbackFormatException("body must be a JSON object, got " + kind(node));
        }
        return (ObjectNode) node;
    }

    private static String text(ObjectNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new CallbackFormatException("field '" + field + "': expected a string, got " + kind(node));
        }
        return Blank.orNull(node.textValue());
    }

    private static String tenant(ObjectNode root) {
        String tenant = text(root, TENANT);
        if (tenant != null) {
            Tenants.problem(tenant).ifPresent(problem -> {
                throw new CallbackFormatException(problem);
            });
        }
        return tenant;
    }

    private static Map<String, Object> data(ObjectNode root) {
        Map<String, Object> data = new LinkedHashMap<>();
        JsonNode nested = nestedData(root.get(DATA));
        if (nested != null) {
            nested.fields().forEachRemaining(field -> put(data, field.getKey(), field.getValue()));
        }
        root.fields().forEachRemaining(field -> {
            if (!CONTRACT_FIELDS.contains(field.getKey()) && !data.containsKey(field.getKey())) {
                put(data, field.getKey(), field.getValue());
            }
        });
        return data;
    }

    private static JsonNode nestedData(JsonNode node) {
        if (node == null || node.isNull() || node.isObject()) {
            return node;
        }
        if (node.isTextual()) {
            if (Blank.isMissing(node.asText())) {
                return null;
            }
            try {
                JsonNode parsed = CallbackJson.read(node.asText());
                if (parsed != null && parsed.isObject()) {
                    return parsed;
                }
            } catch (CallbackFormatException e) {
                // falls through to the error below, which says what was expected
            }
        }
        throw new CallbackFormatException("field 'data': expected a JSON object, got " + kind(node));
    }

    private static void put(Map<String, Object> data, String key, JsonNode value) {
        Object cleaned = clean(value);
        if (cleaned != null) {
            data.put(key, cleaned);
        }
    }

    /** The value as plain Java (maps, lists, strings, numbers, booleans), or null when it counts as missing. */
    private static Object clean(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(field -> put(map, field.getKey(), field.getValue()));
            return map.isEmpty() ? null : map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                Object element = clean(it.next());
                if (element != null) {
                    list.add(element);
                }
            }
            return list.isEmpty() ? null : list;
        }
        if (node.isTextual()) {
            return Blank.isMissing(node.textValue()) ? null : node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isBigDecimal()) {
            // Floats are read as exact decimals for credits_used; data keeps publishing them as doubles.
            return node.doubleValue();
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        // binary or POJO nodes never come from parsing text; keep their text form
        return node.asText();
    }

    private static ResultStatus status(ObjectNode root, Map<String, Object> data) {
        String given = text(root, STATUS);
        if (given != null) {
            try {
                return ResultStatus.fromWire(given);
            } catch (IllegalArgumentException e) {
                throw new CallbackFormatException("field 'status': " + e.getMessage());
            }
        }
        boolean hasFields = data.keySet().stream().anyMatch(key -> !key.equals(ERROR));
        if (hasFields) {
            return ResultStatus.SUCCESS;
        }
        return data.containsKey(ERROR) ? ResultStatus.ERROR : ResultStatus.NOT_FOUND;
    }
}
