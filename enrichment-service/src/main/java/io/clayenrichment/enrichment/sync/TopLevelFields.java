package io.clayenrichment.enrichment.sync;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.clayenrichment.common.json.Json;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads a few top-level string fields of a JSON object without building it: the watch looks at every
 * record of the output topics while someone waits, and needs only their ids.
 */
final class TopLevelFields {

    private TopLevelFields() {}

    /** The named fields that are strings at the top level of {@code json}; empty when it is not a JSON object. */
    static Map<String, String> read(byte[] json, Set<String> names) {
        Map<String, String> found = new HashMap<>(names.size());
        if (json == null) {
            return found;
        }
        try (JsonParser parser = Json.mapper().getFactory().createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return found;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME && found.size() < names.size()) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.VALUE_STRING && names.contains(name)) {
                    found.put(name, parser.getText());
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            // not JSON (an unreadable request's dead letter): it names no waiting request
        }
        return found;
    }
}
