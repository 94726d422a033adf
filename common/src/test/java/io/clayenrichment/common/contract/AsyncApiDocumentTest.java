package io.clayenrichment.common.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.clayenrichment.common.deadletter.DeadLetterHeaders;
import io.clayenrichment.common.deadletter.DeadLetterReason;
import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.testing.ContractSchemas;
import io.clayenrichment.common.topics.Topics;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docs/asyncapi.yaml: its structure, and that what it says matches the code. */
class AsyncApiDocumentTest {

    private static final String SCHEMA_FORMAT = "application/schema+json;version=2020-12";

    private static Path documentFile;
    private static JsonNode document;

    @BeforeAll
    static void read() throws IOException {
        documentFile = ContractSchemas.docs().resolve("asyncapi.yaml");
        document = new YAMLMapper().readTree(documentFile.toFile());
    }

    @Test
    void isAnAsyncApi3DocumentOfTheFourTopicsAtTheirDefaultNames() {
        assertThat(document.path("asyncapi").asText()).isEqualTo("3.0.0");
        Map<String, String> addresses = new LinkedHashMap<>();
        document.path("channels").properties().forEach(c -> addresses.put(c.getKey(), c.getValue().path("address").asText()));
        assertThat(addresses).containsExactlyInAnyOrderEntriesOf(Map.of(
                "requests", Topics.DEFAULT_REQUESTS,
                "results", Topics.DEFAULT_RESULTS,
                "deadLetters", Topics.DEFAULT_DEAD_LETTERS,
                "outbound", Topics.DEFAULT_OUTBOUND));
        assertThat(Topics.defaults().all()).extracting(t -> t.name()).containsExactlyInAnyOrderElementsOf(addresses.values());
    }

    @Test
    void eachTopicSaysWhoProducesAndConsumesIt() {
        document.path("channels").properties().forEach(channel -> {
            assertThat(channel.getValue().path("x-producers")).as(channel.getKey()).isNotEmpty();
            assertThat(channel.getValue().path("x-consumers")).as(channel.getKey()).isNotEmpty();
            assertThat(actionsOn(channel.getKey())).as(channel.getKey()).containsExactlyInAnyOrder("send", "receive");
        });
    }

    @Test
    void everyOperationNamesAChannelAndMessagesOfThatChannel() {
        document.path("operations").properties().forEach(operation -> {
            JsonNode op = operation.getValue();
            assertThat(op.path("action").asText()).as(operation.getKey()).isIn("send", "receive");
            String channelRef = op.path("channel").path("$ref").asText();
            assertThat(channelRef).as(operation.getKey()).startsWith("#/channels/");
            op.path("messages").forEach(message -> assertThat(message.path("$ref").asText())
                    .as(operation.getKey()).startsWith(channelRef + "/messages/"));
        });
    }

    @Test
    void everyReferenceResolvesAndEveryFileReferenceIsAContractSchema() {
        List<String> references = new ArrayList<>();
        collectReferences(document, references);
        assertThat(references).isNotEmpty();
        for (String reference : references) {
            if (reference.startsWith("#")) {
                assertThat(document.at(reference.substring(1)).isMissingNode()).as(reference).isFalse();
            } else {
                Path file = documentFile.getParent().resolve(reference).normalize();
                assertThat(file).as(reference).exists().hasParent(ContractSchemas.file(ContractSchemas.REQUEST).getParent());
                // loads as a JSON Schema 2020-12 document
                assertThat(ContractSchemas.schema(file.getFileName().toString())).as(reference).isNotNull();
            }
        }
    }

    @Test
    void eachMessagePayloadIsItsSchemaFileAndEachMessageHasAKey() {
        Map<String, String> expected = Map.of("request", ContractSchemas.REQUEST, "result", ContractSchemas.RESULT,
                "outboundRow", ContractSchemas.OUTBOUND_ROW);
        JsonNode messages = document.path("components").path("messages");
        expected.forEach((message, file) -> assertThat(messages.path(message).path("payload").path("schema")
                .path("$ref").asText()).as(message).isEqualTo("./schemas/" + file));
        messages.properties().forEach(message -> {
            assertThat(message.getValue().path("payload").path("schemaFormat").asText()).as(message.getKey())
                    .isEqualTo(SCHEMA_FORMAT);
            assertThat(message.getValue().path("bindings").path("kafka").has("key")).as(message.getKey()).isTrue();
        });
    }

    @Test
    void theDeadLetterReasonsAreTheCodes() {
        Set<String> expected = Arrays.stream(DeadLetterReason.values()).map(DeadLetterReason::wire)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(documentedReasons()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(documentedReasons()).contains("unknown_tenant", "too_many_duplicates");
    }

    @Test
    void everyDeadLetterHeaderOfTheCodeIsDocumentedAndTheOnesAlwaysWrittenAreRequired() throws Exception {
        JsonNode headers = deadLetterHeaders();
        Set<String> documented = new LinkedHashSet<>();
        headers.path("properties").fieldNames().forEachRemaining(documented::add);
        assertThat(documented).containsAll(headerConstants());

        RecordHeaders written = new RecordHeaders();
        DeadLetterHeaders.stamp(written, DeadLetterReason.INVALID, null, null, Topics.DEFAULT_REQUESTS, 0, 0,
                Instant.now());
        Set<String> required = new TreeSet<>();
        headers.path("required").forEach(name -> required.add(name.asText()));
        assertThat(required).isEqualTo(names(written));
    }

    @Test
    void theHeadersTheCodeWritesAreValidAgainstTheDocumentedHeaders() throws Exception {
        String headerSchema = Json.mapper().writeValueAsString(deadLetterHeaders());
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            RecordHeaders written = new RecordHeaders();
            written.add("traceparent", "00-abc-def-01".getBytes(StandardCharsets.UTF_8));
            DeadLetterHeaders.stamp(written, reason, "x".repeat(2000), "acme", Topics.DEFAULT_OUTBOUND, 3, 42L,
                    Instant.parse("2026-11-27T18:00:00.123456789Z"));
            DeadLetterHeaders.put(written, DeadLetterHeaders.CORRELATION_ID, "c-1");
            assertThat(ContractSchemas.problemsAgainst(headerSchema, asJson(written))).as(reason.wire()).isEmpty();
        }
        // a scheduled refresh has no source record: partition and offset -1, no tenant problem, no detail
        RecordHeaders refresh = new RecordHeaders();
        DeadLetterHeaders.stamp(refresh, DeadLetterReason.RESULT_TIMEOUT, null, "acme", Topics.DEFAULT_REQUESTS, -1,
                -1L, Instant.now());
        assertThat(ContractSchemas.problemsAgainst(headerSchema, asJson(refresh))).isEmpty();

        RecordHeaders unknownReason = new RecordHeaders();
        DeadLetterHeaders.stamp(unknownReason, DeadLetterReason.INVALID, "", null, Topics.DEFAULT_REQUESTS, 0, 0L,
                Instant.now());
        DeadLetterHeaders.put(unknownReason, DeadLetterHeaders.REASON, "lost_in_the_post");
        assertThat(ContractSchemas.problemsAgainst(headerSchema, asJson(unknownReason))).isNotEmpty();
    }

    private static Set<String> actionsOn(String channel) {
        Set<String> actions = new TreeSet<>();
        document.path("operations").forEach(op -> {
            if (op.path("channel").path("$ref").asText().equals("#/channels/" + channel)) {
                actions.add(op.path("action").asText());
            }
        });
        return actions;
    }

    private static JsonNode deadLetterHeaders() {
        return document.path("components").path("messages").path("deadLetter").path("headers");
    }

    private static Set<String> documentedReasons() {
        Set<String> reasons = new TreeSet<>();
        deadLetterHeaders().path("properties").path(DeadLetterHeaders.REASON).path("enum")
                .forEach(reason -> reasons.add(reason.asText()));
        return reasons;
    }

    /** The values of DeadLetterHeaders' public String constants: every header name the code knows. */
    private static Set<String> headerConstants() throws IllegalAccessException {
        Set<String> names = new TreeSet<>();
        for (Field field : DeadLetterHeaders.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                names.add((String) field.get(null));
            }
        }
        assertThat(names).hasSize(8);
        return names;
    }

    private static Set<String> names(RecordHeaders headers) {
        Set<String> names = new TreeSet<>();
        for (Header header : headers) {
            names.add(header.key());
        }
        return names;
    }

    /** Kafka headers as the JSON object the headers schema describes: name to UTF-8 text. */
    private static String asJson(RecordHeaders headers) throws IOException {
        Map<String, String> object = new LinkedHashMap<>();
        for (Header header : headers) {
            object.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return Json.mapper().writeValueAsString(object);
    }

    private static void collectReferences(JsonNode node, List<String> into) {
        if (node.isObject()) {
            node.properties().forEach(field -> {
                if (field.getKey().equals("$ref")) {
                    into.add(field.getValue().asText());
                } else {
                    collectReferences(field.getValue(), into);
                }
            });
        } else if (node.isArray()) {
            node.forEach(element -> collectReferences(element, into));
        }
    }
}
