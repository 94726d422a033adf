package io.clayenrichment.common.contract;

import static io.clayenrichment.common.testing.ContractSchemas.RESULT;
import static io.clayenrichment.common.testing.ContractSchemas.problems;
import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.schema.ClayCallback;
import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.schema.ResultStatus;
import io.clayenrichment.common.testing.ContractSchemas;
import io.clayenrichment.common.testing.Seeds;
import io.clayenrichment.common.topics.Topics;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** docs/schemas/result.schema.json against the results the results serde writes, from Clay and from the cache. */
class ResultSchemaTest {

    private static final Serializer<EnrichmentResult> SERIALIZER = Topics.defaults().results().valueSerde()
            .serializer();

    @Test
    void everyResultFromAClayCallbackAndEveryCacheAnswerIsValid() {
        Set<String> documented = JsonFields.documentedIn(ContractSchemas.file(RESULT));
        Seeds.check(300, random -> {
            ClayCallback callback = Samples.callback(random);
            EnrichmentResult fromClay = EnrichmentResult.fromCallback(callback, Samples.instant(random));
            EnrichmentResult cached = fromClay.servedFromCache(UUID.randomUUID().toString(),
                    random.nextBoolean() ? "crm-" + random.nextInt(100) : null, "acme", Samples.instant(random));

            for (EnrichmentResult result : new EnrichmentResult[] {fromClay, cached}) {
                byte[] written = SERIALIZER.serialize(Topics.DEFAULT_RESULTS, result);
                assertThat(problems(RESULT, written)).as(new String(written)).isEmpty();
                JsonFields.of(written).forEach(field -> assertThat(documented).as("documented").contains(field));
            }
        });
    }

    @Test
    void theContractsExamplesAreValid() {
        EnrichmentResult fromClay = EnrichmentResult.fromCallback(new ClayCallback("c-1", "email:ada@example.com",
                "acme", "crm-123-v7", ResultStatus.SUCCESS, Map.of("title", "Countess"), 3.0),
                Instant.parse("2026-11-27T18:00:00Z"));
        assertThat(problems(RESULT, Json.write(fromClay))).isEmpty();
        assertThat(problems(RESULT, Json.write(fromClay.servedFromCache("c-2", "crm-124", "acme",
                Instant.parse("2026-12-01T09:00:00Z"))))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{\"status\":\"success\",\"source\":\"clay\",\"data\":{},\"received_at\":\"2026-11-27T18:00:00Z\"}",
            "{\"correlation_id\":\"c\",\"status\":\"found\",\"source\":\"clay\",\"data\":{},\"received_at\":\"2026-11-27T18:00:00Z\"}",
            "{\"correlation_id\":\"c\",\"status\":\"success\",\"source\":\"crm\",\"data\":{},\"received_at\":\"2026-11-27T18:00:00Z\"}",
            "{\"correlation_id\":\"c\",\"status\":\"success\",\"source\":\"clay\",\"received_at\":\"2026-11-27T18:00:00Z\"}",
            "{\"correlation_id\":\"c\",\"status\":\"success\",\"source\":\"clay\",\"data\":{},\"received_at\":\"27/11/2026\"}",
            "{\"correlation_id\":\"c\",\"status\":\"success\",\"source\":\"clay\",\"data\":{},\"received_at\":\"2026-11-27T18:00:00Z\",\"credits_used\":-1}",
            "{\"correlation_id\":\"c\",\"status\":\"success\",\"source\":\"clay\",\"data\":{},\"received_at\":\"2026-11-27T18:00:00Z\",\"served_at\":\"2026-11-28T18:00:00Z\"}",
            "{\"correlation_id\":\"c\",\"status\":\"success\",\"source\":\"cache\",\"data\":{},\"received_at\":\"2026-11-27T18:00:00Z\"}",
            "{\"correlation_id\":\"c\",\"status\":\"success\",\"source\":\"cache\",\"data\":{},\"received_at\":\"2026-11-27T18:00:00Z\",\"served_at\":\"2026-11-28T18:00:00Z\",\"credits_used\":1}"})
    void resultsThePlatformNeverWritesAreInvalid(String result) {
        assertThat(problems(RESULT, result)).isNotEmpty();
    }
}
