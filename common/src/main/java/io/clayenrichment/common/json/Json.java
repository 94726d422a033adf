package io.clayenrichment.common.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.stream.Collectors;

/** The one Jackson configuration every message of the platform is read and written with. */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            // The wire contract is snake_case; records keep Java names.
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // Producers may add fields we do not know: they are kept as passthrough, never rejected.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private Json() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Parses {@code bytes} as {@code type}; failures name the field and the problem. */
    public static <T> T read(byte[] bytes, Class<T> type) {
        if (bytes == null || bytes.length == 0) {
            throw new MessageFormatException("body is empty: expected a JSON object");
        }
        try {
            T value = MAPPER.readValue(bytes, type);
            if (value == null) {
                throw new MessageFormatException("body is JSON null: expected a JSON object");
            }
            return value;
        } catch (IOException e) {
            throw new MessageFormatException(describe(e), e);
        }
    }

    public static <T> T read(String text, Class<T> type) {
        return read(text == null ? null : text.getBytes(java.nio.charset.StandardCharsets.UTF_8), type);
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    public static String writeString(Object value) {
        return new String(write(value), java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * A one-line description of a Jackson failure that names the field (as a JSON path) and the
     * problem, without echoing whole payloads.
     */
    public static String describe(IOException e) {
        if (e instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
            String field = jme.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."))
                    .replace(".[", "[");
            return "field '" + field + "': " + problem(jme);
        }
        if (e instanceof MismatchedInputException mie && mie.getTargetType() != null) {
            return "expected a JSON object, got " + problem(mie);
        }
        if (e instanceof JsonProcessingException jpe) {
            String location = jpe.getLocation() == null ? ""
                    : " at line " + jpe.getLocation().getLineNr() + ", column " + jpe.getLocation().getColumnNr();
            return "malformed JSON" + location + ": " + firstLine(jpe.getOriginalMessage());
        }
        return "unreadable body: " + firstLine(e.getMessage());
    }

    private static String problem(JsonMappingException e) {
        if (e instanceof InvalidFormatException ife) {
            return "cannot read " + abbreviate(String.valueOf(ife.getValue())) + " as "
                    + ife.getTargetType().getSimpleName();
        }
        if (e instanceof MismatchedInputException mie && mie.getTargetType() != null) {
            return "expected " + typeName(mie.getTargetType()) + ": " + firstLine(mie.getOriginalMessage());
        }
        return firstLine(e.getOriginalMessage());
    }

    private static String typeName(Class<?> type) {
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a JSON object";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a JSON array";
        }
        return type.getSimpleName();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown problem";
        }
        int newline = message.indexOf('\n');
        return abbreviate(newline < 0 ? message : message.substring(0, newline));
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }
}
