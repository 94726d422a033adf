package io.clayenrichment.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clayenrichment.common.contact.ContactKey;
import io.clayenrichment.common.deadletter.DeadLetterHeaders;
import io.clayenrichment.common.deadletter.DeadLetterReason;
import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.schema.ClayCallback;
import io.clayenrichment.common.schema.EnrichmentRequest;
import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.schema.OutboundRow;
import io.clayenrichment.common.schema.ResultStatus;
import io.clayenrichment.common.testing.ContractSchemas;
import io.clayenrichment.common.testing.TestKafka;
import io.clayenrichment.common.topics.Topic;
import io.clayenrichment.common.topics.Topics;
import io.clayenrichment.examples.OutcomeCorrelator.Outcome;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The consumer example of docs/consuming-results.md: the page shows this very source, it compiles
 * with nothing but what a user has, and it reports each request's outcome from a real broker.
 */
class OutcomeCorrelatorTest {

    private static final Path SOURCE = Path.of("src/test/java/io/clayenrichment/examples/OutcomeCorrelator.java");
    private static final Instant ENRICHED = Instant.parse("2026-11-27T18:00:00Z");
    private static final String BUDGET_DETAIL =
            "daily budget of tenant 'acme' for 2026-11-27 is exhausted: limit 2, spent 0, reserved 2, cost 1";

    @Test
    void thePageShowsTheSourceAsItIs() throws IOException {
        String page = Files.readString(ContractSchemas.docs().resolve("consuming-results.md"));
        Matcher block = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(page);
        assertThat(block.find()).as("a java code block").isTrue();
        assertThat(block.group(1)).isEqualTo(Files.readString(SOURCE));
        assertThat(block.find()).as("only one java code block").isFalse();
    }

    @Test
    void itCompilesWithOnlyKafkaClientsAndJackson(@TempDir Path out) {
        String userClasspath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.matches(".*kafka-clients-[0-9.]+\\.jar")
                        || entry.contains("com/fasterxml/jackson/core"))
                .reduce((a, b) -> a + File.pathSeparator + b).orElseThrow();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int exit = javac.run(null, null, null, "-Xlint:all", "-Werror", "-proc:none", "-cp", userClasspath,
                "-d", out.toString(), SOURCE.toString());
        assertThat(exit).as("javac with " + userClasspath).isZero();
    }

    @Test
    void itReportsEachRequestsResultOrDeadLetterByRequestId() throws Exception {
        String results = TestKafka.uniqueName("results");
        String deadLetters = TestKafka.uniqueName("dlq");
        TestKafka.createTopics(2, results, deadLetters);
        Topics topics = Topics.named(Topics.DEFAULT_REQUESTS, results, deadLetters, Topics.DEFAULT_OUTBOUND);

        EnrichmentResult clay = clayResult("c-1", "r-1");
        try (var producer = producer()) {
            send(producer, topics.results(), clay);
            send(producer, topics.results(), clay.servedFromCache("c-2", "r-2", "acme", ENRICHED.plusSeconds(60)));
            send(producer, topics.results(), clayResult("c-0", null));
            EnrichmentRequest overBudget = request("{\"request_id\":\"r-3\",\"email\":\"grace@example.com\"}");
            producer.send(deadLetter(deadLetters, Json.write(overBudget), DeadLetterReason.BUDGET_EXHAUSTED,
                    BUDGET_DETAIL)).get();
            OutboundRow row = OutboundRow.forAttempt(
                    request("{\"request_id\":\"r-4\",\"email\":\"alan@example.com\"}"), "email:alan@example.com",
                    "c-4", ENRICHED);
            producer.send(deadLetter(deadLetters, Json.write(row), DeadLetterReason.RETRIES_EXHAUSTED,
                    "gave up after 5 attempts: HTTP 503")).get();
            byte[] noIdentity = "{\"request_id\":\"r-5\",\"email\":\"nope\"}".getBytes(StandardCharsets.UTF_8);
            producer.send(deadLetter(deadLetters, noIdentity, DeadLetterReason.INVALID,
                    ContactKey.whyUnusable("nope", null, null, null, null))).get();
            producer.send(deadLetter(deadLetters, "not json".getBytes(StandardCharsets.UTF_8),
                    DeadLetterReason.INVALID, "malformed JSON at line 1, column 2")).get();
            // r-6 timed out, then Clay answered late: the result is its outcome
            EnrichmentRequest slow = request("{\"request_id\":\"r-6\",\"email\":\"katherine@example.com\"}");
            producer.send(deadLetter(deadLetters, Json.write(slow), DeadLetterReason.RESULT_TIMEOUT,
                    "no result within PT30M")).get();
            send(producer, topics.results(), clayResult("c-6", "r-6"));
        }

        List<Outcome> seen = new ArrayList<>();
        try (OutcomeCorrelator correlator = new OutcomeCorrelator(TestKafka.bootstrapServers(),
                TestKafka.uniqueName("outcomes"), results, deadLetters)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                seen.addAll(correlator.poll(Duration.ofMillis(200)));
                return seen.size() == 8;
            });
            Map<String, Outcome> outcomes = correlator.outcomes();

            assertThat(outcomes).containsOnlyKeys("r-1", "r-2", "r-3", "r-4", "r-5", "r-6");
            assertThat(outcomes.get("r-1")).isEqualTo(new Outcome("r-1", "result", "success", "source=clay"));
            assertThat(outcomes.get("r-2")).isEqualTo(new Outcome("r-2", "result", "success", "source=cache"));
            assertThat(outcomes.get("r-3")).isEqualTo(new Outcome("r-3", "dead_letter", "budget_exhausted",
                    BUDGET_DETAIL));
            assertThat(outcomes.get("r-4")).extracting(Outcome::kind, Outcome::status)
                    .containsExactly("dead_letter", "retries_exhausted");
            assertThat(outcomes.get("r-5")).extracting(Outcome::status).isEqualTo("invalid");
            assertThat(outcomes.get("r-5").detail()).contains("no usable identity");
            assertThat(outcomes.get("r-6")).isEqualTo(new Outcome("r-6", "result", "success", "source=clay"));
            // an unreadable dead letter is reported, with no request to join it to
            assertThat(seen).filteredOn(o -> o.requestId() == null).singleElement()
                    .extracting(Outcome::status).isEqualTo("invalid");
        }
    }

    private static EnrichmentResult clayResult(String correlationId, String requestId) {
        return EnrichmentResult.fromCallback(new ClayCallback(correlationId, "email:ada@example.com", "acme",
                requestId, ResultStatus.SUCCESS, Map.of("title", "Countess"), 1.0), ENRICHED);
    }

    private static EnrichmentRequest request(String json) {
        return Json.read(json, EnrichmentRequest.class);
    }

    /** A dead letter as the platform writes it: the original bytes and the dlq.* headers. */
    private static ProducerRecord<byte[], byte[]> deadLetter(String topic, byte[] original, DeadLetterReason reason,
            String detail) {
        RecordHeaders headers = new RecordHeaders();
        DeadLetterHeaders.stamp(headers, reason, detail, "acme", Topics.DEFAULT_REQUESTS, 0, 0L, ENRICHED);
        return new ProducerRecord<>(topic, null, (byte[]) null, original, headers);
    }

    /** A result as the platform writes it: keyed by contact key, through the results serde. */
    private static void send(KafkaProducer<byte[], byte[]> producer, Topic<String, EnrichmentResult> topic,
            EnrichmentResult result) throws Exception {
        producer.send(new ProducerRecord<>(topic.name(), topic.keySerde().serializer().serialize(topic.name(),
                result.recordKey()), topic.valueSerde().serializer().serialize(topic.name(), result))).get();
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(TestKafka.clientProperties(), new ByteArraySerializer(), new ByteArraySerializer());
    }
}
