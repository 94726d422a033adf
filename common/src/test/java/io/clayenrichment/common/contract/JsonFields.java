package io.clayenrichment.common.contract;

import io.clayenrichment.common.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/** Field names of JSON objects: what a message really has, and what a schema file documents. */
final class JsonFields {

    private JsonFields() {}

    /** The top-level field names of the JSON object {@code json}. */
    static Set<String> of(byte[] json) {
        try {
            Set<String> names = new LinkedHashSet<>();
            Json.mapper().readTree(json).fieldNames().forEachRemaining(names::add);
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names a schema file documents under its top-level {@code properties}. */
    static Set<String> documentedIn(Path schemaFile) {
        try {
            Set<String> names = new LinkedHashSet<>();
            Json.mapper().readTree(schemaFile.toFile()).path("properties").fieldNames().forEachRemaining(names::add);
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
