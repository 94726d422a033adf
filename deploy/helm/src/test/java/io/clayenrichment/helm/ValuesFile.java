package io.clayenrichment.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A values file read as a tree, to compare what the chart rendered with what the user asked for. */
record ValuesFile(Path path, JsonNode root) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static ValuesFile read(Path path) {
        try {
            JsonNode root = YAML.readTree(path.toFile());
            return new ValuesFile(path, root == null ? YAML.createObjectNode() : root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode at(String pointer) {
        return root.at(pointer);
    }

    /** The credential values the file gives under secrets (not the Secret's name nor key names). */
    List<String> secretValues() {
        List<String> values = new ArrayList<>();
        root.path("secrets").properties().forEach(field -> {
            if (field.getValue().isTextual() && !field.getKey().equals("existingSecret") && !field.getValue().asText().isBlank()) {
                values.add(field.getValue().asText());
            }
        });
        return values;
    }
}
