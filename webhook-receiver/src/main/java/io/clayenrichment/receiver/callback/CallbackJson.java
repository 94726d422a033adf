package io.clayenrichment.receiver.callback;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.clayenrichment.common.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * How a callback body is read, as strictly as the HTTP intake reads its bodies: one JSON value and
 * nothing after it, no key given twice, numbers as the exact decimals sent, and bounded nesting.
 * The shared {@link Json} mapper is left as it is for its other users.
 */
final class CallbackJson {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(CallbackParser.MAX_DEPTH).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    // Exact decimals, so that credits_used is judged as sent: read as a double, 1e-400 would already
    // be 0 and 1e400 infinite.
    private static final ObjectReader READER = Json.mapper().reader()
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private CallbackJson() {}

    /** The one JSON value of {@code body}, or null when it holds none. */
    static JsonNode read(byte[] body) {
        try (JsonParser parser = FACTORY.createParser(body)) {
            JsonNode node = tree(parser);
            if (parser.nextToken() != null) {
                throw new CallbackFormatException("malformed JSON: more content after the end of the "
                        + (node != null && node.isObject() ? "object" : "JSON value"));
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new CallbackFormatException(Json.describe(e));
        } catch (IOException e) {
            throw new CallbackFormatException("unreadable body: " + e.getClass().getSimpleName());
        }
    }

    static JsonNode read(String text) {
        return read(text.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode tree(JsonParser parser) throws IOException {
        try {
            return READER.readTree(parser);
        } catch (NumberFormatException | ArithmeticException e) {
            // The number's exponent is beyond an int (1e9999999999): no decimal holds it.
            throw unrepresentable(field(parser), parser.getText());
        } catch (StreamConstraintsException e) {
            // Over one of Jackson's limits; at credits_used itself only a number over 1,000 characters can be.
            if (field(parser).equals(CreditsUsed.FIELD)) {
                throw CreditsUsed.tooLong();
            }
            throw e;
        }
    }

    private static CallbackFormatException unrepresentable(String field, String literal) {
        if (field.equals(CreditsUsed.FIELD)) {
            return CreditsUsed.unrepresentable(literal);
        }
        return new CallbackFormatException("field '" + field + "': the number " + abbreviate(literal)
                + " cannot be represented");
    }

    /** Where the parser is, as {@code data.list.0}. */
    private static String field(JsonParser parser) {
        return parser.getParsingContext().pathAsPointer().toString().replaceFirst("^/", "").replace('/', '.');
    }

    /** What kind of JSON value {@code node} is, for error messages ("a number", "an array"). */
    static String kind(JsonNode node) {
        if (node == null || node.isNull()) {
            return "null";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    /** {@code text} short enough to echo in an error. */
    static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
