package io.clayenrichment.common.testing;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The message contracts in {@code docs/schemas/} (JSON Schema 2020-12), for tests that hold what the
 * code really writes and reads to them. Tests of any module find the files by walking up from their
 * working folder to the repository root.
 */
public final class ContractSchemas {

    public static final String REQUEST = "request.schema.json";
    public static final String OUTBOUND_ROW = "outbound-row.schema.json";
    public static final String CALLBACK = "callback.schema.json";
    public static final String RESULT = "result.schema.json";

    // Formats are only annotations in 2020-12 unless asked for; the contract means its date-times.
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12, builder -> builder.schemaRegistryConfig(
                    SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    private static final Map<String, Schema> LOADED = new ConcurrentHashMap<>();

    private ContractSchemas() {}

    /** The repository's {@code docs} folder. */
    public static Path docs() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("docs/schemas"))) {
                return dir.resolve("docs");
            }
        }
        throw new IllegalStateException("no docs/schemas above " + Path.of("").toAbsolutePath());
    }

    public static Path file(String name) {
        return docs().resolve("schemas").resolve(name);
    }

    /** The schema in {@code docs/schemas/<name>}, loaded once. */
    public static Schema schema(String name) {
        return LOADED.computeIfAbsent(name, n -> REGISTRY.getSchema(read(file(n)), InputFormat.JSON));
    }

    /** Why {@code json} breaks the schema {@code name}, one line a problem; empty when it is valid. */
    public static List<String> problems(String name, byte[] json) {
        return problems(name, new String(json, StandardCharsets.UTF_8));
    }

    public static List<String> problems(String name, String json) {
        return schema(name).validate(json, InputFormat.JSON).stream().map(Object::toString).toList();
    }

    public static boolean valid(String name, String json) {
        return problems(name, json).isEmpty();
    }

    /** Why {@code json} breaks {@code schemaJson}, a schema given as text (one embedded in another document). */
    public static List<String> problemsAgainst(String schemaJson, String json) {
        return REGISTRY.getSchema(schemaJson, InputFormat.JSON).validate(json, InputFormat.JSON).stream()
                .map(Object::toString).toList();
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
