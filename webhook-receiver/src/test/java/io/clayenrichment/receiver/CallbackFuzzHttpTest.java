package io.clayenrichment.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.fasterxml.jackson.databind.JsonNode;
import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.schema.ClayCallback;
import io.clayenrichment.common.testing.Seeds;
import io.clayenrichment.common.testing.TestKafka;
import io.clayenrichment.receiver.callback.CallbackEndpoint;
import io.clayenrichment.receiver.callback.CallbackParser;
import io.clayenrichment.receiver.support.CallbackMutations;
import io.clayenrichment.receiver.support.CallbackMutations.Case;
import io.clayenrichment.receiver.support.CallbackMutations.Verdict;
import io.clayenrichment.receiver.support.ResultsTopic;
import io.clayenrichment.receiver.support.RunningReceiver;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Fuzzes {@code POST /clay-webhook} over real HTTP against a running receiver and a real broker with
 * 2,000 seeded mutations of valid callbacks (replay one run with {@code -Dtest.seed=N}; the seed is
 * logged). Never a 5xx; every answer is a 200 whose result is published exactly once as the body
 * says, or a 4xx with a JSON error body after which nothing is published.
 */
class CallbackFuzzHttpTest {

    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(CallbackFuzzHttpTest.class);
    private static final int CASES = 2000;

    @Test
    void everyCallbackIsPublishedOnceAsItSaysOrRefusedWithAJsonErrorAndNeverAnswered5xx() {
        long seed = Seeds.seed();
        LOG.info("fuzzing {} callbacks with seed {} (replay with -Dtest.seed={})", CASES, seed, seed);
        String topic = TestKafka.uniqueName("fuzzed-results");
        TestKafka.createTopics(1, topic);
        CallbackMutations mutations = new CallbackMutations(new Random(seed), CallbackParser.MAX_DEPTH);
        Map<String, ClayCallback> accepted = new HashMap<>();
        Map<Verdict, Integer> answered = new HashMap<>();

        try (RunningReceiver receiver = RunningReceiver.start(RunningReceiver.environment(
                TestKafka.bootstrapServers(), topic)); QuietRejections quiet = new QuietRejections()) {
            for (int i = 0; i < CASES; i++) {
                Case fuzzed = mutations.next(i);
                String where = "seed " + seed + " (replay with -Dtest.seed=" + seed + "), " + fuzzed.describe();
                HttpResponse<String> response = receiver.send(post(receiver, fuzzed.body()));
                ClayCallback published = answer(fuzzed, response, where);
                if (published != null) {
                    assertThat(accepted.put(published.correlationId(), published)).as(where).isNull();
                }
                answered.merge(fuzzed.verdict(), 1, Integer::sum);
            }
            LOG.info("fuzzed answers by verdict {}; {} accepted", answered, accepted.size());

            String marker = TestKafka.uniqueName("marker");
            assertThat(receiver.post("{\"correlation_id\":\"" + marker + "\"}").statusCode()).isEqualTo(200);
            List<ConsumerRecord<String, String>> records = ResultsTopic.readUntil(TestKafka.bootstrapServers(),
                    topic, read -> read.get(read.size() - 1).value().contains("\"" + marker + "\""),
                    Duration.ofSeconds(60));
            List<ConsumerRecord<String, String>> fuzzedRecords = records.subList(0, records.size() - 1);

            assertThat(fuzzedRecords).as("seed %d: one record per accepted callback, none for a refused one", seed)
                    .hasSize(accepted.size());
            for (ConsumerRecord<String, String> record : fuzzedRecords) {
                JsonNode value = Json.read(record.value(), JsonNode.class);
                ClayCallback expected = accepted.remove(value.path("correlation_id").asText());
                assertThat(expected).as("seed %d: a record no 200 answered for: %s", seed, record.value()).isNotNull();
                assertPublishedAs(record, value, expected, "seed " + seed);
            }
        }
    }

    /** Checks one answer; returns what an accepted callback must have published, else null. */
    private static ClayCallback answer(Case fuzzed, HttpResponse<String> response, String where) {
        int status = response.statusCode();
        assertThat(status).as(where + " answered " + response.body()).isLessThan(500);
        if (status != 200) {
            if (fuzzed.verdict() == Verdict.ACCEPT) {
                fail(where + " was refused, but is valid: " + status + " " + response.body());
            }
            assertThat(status).as(where).isBetween(400, 499);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).as(where)
                    .startsWith("application/json");
            JsonNode error = Json.read(response.body(), JsonNode.class);
            assertThat(error.path("error").asText()).as(where).isNotBlank();
            assertThat(error.path("detail").asText()).as(where).isNotBlank();
            if (fuzzed.verdict() == Verdict.REFUSE) {
                assertThat(status).as(where).isEqualTo(400);
                assertThat(error.path("error").asText()).as(where).isEqualTo("invalid_callback");
                if (fuzzed.mentions() != null) {
                    assertThat(error.path("detail").asText()).as(where).contains(fuzzed.mentions());
                }
            }
            return null;
        }
        if (fuzzed.verdict() == Verdict.REFUSE) {
            fail(where + " was accepted; it must be refused"
                    + (fuzzed.mentions() == null ? "" : " with a detail naming '" + fuzzed.mentions() + "'"));
        }
        JsonNode body = Json.read(response.body(), JsonNode.class);
        assertThat(body.path("status").asText()).as(where).isEqualTo("accepted");
        // A byte-level mutation only the parser can judge: what it makes of the body must be what is published.
        ClayCallback expected = fuzzed.verdict() == Verdict.ACCEPT ? fuzzed.expected()
                : new CallbackParser().parse(fuzzed.body());
        assertThat(body.path("correlation_id").asText()).as(where).isEqualTo(expected.correlationId());
        return expected;
    }

    private static void assertPublishedAs(ConsumerRecord<String, String> record, JsonNode value,
            ClayCallback expected, String where) {
        String what = where + ", record " + record.value();
        assertThat(record.key()).as(what)
                .isEqualTo(expected.contactKey() != null ? expected.contactKey() : expected.correlationId());
        assertThat(text(value, "contact_key")).as(what).isEqualTo(expected.contactKey());
        assertThat(text(value, "tenant")).as(what).isEqualTo(expected.tenant());
        assertThat(text(value, "request_id")).as(what).isEqualTo(expected.requestId());
        assertThat(text(value, "status")).as(what).isEqualTo(expected.status().wire());
        assertThat(text(value, "source")).as(what).isEqualTo("clay");
        assertThat(value.has("credits_used") ? value.get("credits_used").doubleValue() : null).as(what)
                .isEqualTo(expected.creditsUsed());
        assertThat(value.path("data")).as(what).isEqualTo(Json.mapper().valueToTree(expected.data()));
        assertThat(text(value, "received_at")).as(what).isNotBlank();
    }

    private static String text(JsonNode value, String field) {
        return value.hasNonNull(field) ? value.get(field).asText() : null;
    }

    private static HttpRequest post(RunningReceiver receiver, byte[] body) {
        return receiver.callback("").header("X-Clay-Callback-Secret", RunningReceiver.SECRET)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    /** Keeps the receiver's one-line-per-rejection log quiet while a test sends hundreds of them. */
    private static final class QuietRejections implements AutoCloseable {
        private final Logger logger = (Logger) LoggerFactory.getLogger(CallbackEndpoint.class);
        private final Level level = logger.getLevel();

        QuietRejections() {
            logger.setLevel(Level.WARN);
        }

        @Override
        public void close() {
            logger.setLevel(level);
        }
    }
}
