package io.clayenrichment.sandbox.enrich;

import static io.clayenrichment.common.testing.ContractSchemas.CALLBACK;
import static io.clayenrichment.common.testing.ContractSchemas.problems;
import static io.clayenrichment.sandbox.SandboxHttp.testSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.schema.EnrichmentRequest;
import io.clayenrichment.common.schema.OutboundRow;
import io.clayenrichment.common.testing.Seeds;
import io.clayenrichment.common.topics.Topics;
import io.clayenrichment.sandbox.CallbackCatcher;
import io.clayenrichment.sandbox.ClaySandbox;
import io.clayenrichment.sandbox.SandboxHttp;
import io.clayenrichment.sandbox.faults.Dice;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The sandbox's callbacks, built and sent as it really does, against docs/schemas/callback.schema.json. */
class CallbackContractTest {

    private static final List<String> REQUESTS = List.of(
            "{\"request_id\":\"r-%d\",\"tenant\":\"acme\",\"email\":\"ada%d@example.com\"}",
            "{\"linkedin_url\":\"https://www.linkedin.com/in/grace-%d\",\"attributes\":{\"crm_id\":%d}}",
            "{\"request_id\":\"r-%d\",\"domain\":\"example.co.uk\",\"first_name\":\"Mary\",\"last_name\":\"St. John %d\","
                    + "\"company\":\"Analytical Engines\",\"source_system\":\"hubspot\"}");

    @Test
    void theCallbackBodyOfEveryEnrichmentOutcomeIsValid() {
        Seeds.check(300, random -> {
            Row row = new Row("table-1", random.nextInt(1000), fieldsOf(outboundRow(random)));
            Enrichment enrichment = new Enricher(new Dice(random.nextLong()))
                    .enrich(row, random.nextDouble(), random.nextDouble() / 2, random.nextInt(5));
            // exactly what RowPipeline posts
            byte[] body = Json.write(RowPipeline.callbackFor(row, enrichment));
            assertThat(problems(CALLBACK, body)).as(new String(body, StandardCharsets.UTF_8)).isEmpty();
        });
    }

    @Test
    void theCallbacksARunningSandboxPostsAreValid() {
        int rows = 40;
        try (CallbackCatcher catcher = new CallbackCatcher();
                ClaySandbox sandbox = ClaySandbox.start(testSettings().callbackUrl(catcher.url())
                        .callbackSecret("cb-secret").rateLimit(100_000, 100_000).seed(5).build())) {
            sandbox.faults().notFoundRate(0.3).enrichErrorRate(0.2).duplicateCallbackRate(0.1);
            Random random = new Random(5);
            for (int i = 0; i < rows; i++) {
                String row = new String(outboundRow(random), StandardCharsets.UTF_8);
                assertThat(SandboxHttp.send("POST", sandbox.webhookUrl("table-1"), row, Map.of()).status())
                        .isEqualTo(200);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> sandbox.stats().callbacks().pending() == 0);

            assertThat(catcher.caught()).hasSizeGreaterThanOrEqualTo(rows);
            assertThat(catcher.caught()).extracting(c -> c.body().path("status").asText())
                    .contains("success", "not_found", "error");
            for (CallbackCatcher.Caught caught : catcher.caught()) {
                byte[] body = Json.write(caught.body());
                assertThat(problems(CALLBACK, body)).as(new String(body, StandardCharsets.UTF_8)).isEmpty();
            }
        }
    }

    /** A row as the dispatcher posts it: the outbound serde's bytes for one attempt at a request. */
    private static byte[] outboundRow(Random random) {
        int n = random.nextInt(1000);
        EnrichmentRequest request = Json.read(String.format(REQUESTS.get(random.nextInt(REQUESTS.size())), n, n),
                EnrichmentRequest.class);
        OutboundRow row = OutboundRow.forAttempt(request, request.contactKey().orElseThrow(),
                UUID.randomUUID().toString(), Instant.now());
        return Topics.defaults().outbound().valueSerde().serializer().serialize(Topics.DEFAULT_OUTBOUND, row);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fieldsOf(byte[] json) {
        return Json.read(json, Map.class);
    }
}
