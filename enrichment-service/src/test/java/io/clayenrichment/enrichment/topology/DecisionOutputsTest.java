package io.clayenrichment.enrichment.topology;

import static io.clayenrichment.enrichment.topology.DeciderRig.START_MS;
import static io.clayenrichment.enrichment.topology.DeciderRig.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.deadletter.DeadLetterHeaders;
import io.clayenrichment.common.deadletter.DeadLetterReason;
import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.schema.OutboundRow;
import io.clayenrichment.common.schema.Priority;
import io.clayenrichment.common.schema.ResultSource;
import io.clayenrichment.common.schema.ResultStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/** What a decision writes: each kind of record with its key, headers and routing metrics. */
class DecisionOutputsTest {

    private final DeciderRig rig = new DeciderRig();

    @Test
    void aRowForClayCarriesTheRequestsHeadersAndItsSendBeforeDeadline() {
        byte[] row = "{\"correlation_id\":\"c1\"}".getBytes(StandardCharsets.UTF_8);

        rig.outputs.toClay("acme", "email:ada@example.com", row, Priority.URGENT,
                List.of(new HeaderValue("trace", new byte[] {7})), START_MS + 5000, START_MS);

        Record<? extends String, ? extends Routed> sent = rig.forwardedOne();
        assertThat(sent.key()).isEqualTo("email:ada@example.com");
        assertThat(((Routed.ToClay) sent.value()).row()).isEqualTo(row);
        assertThat(((Routed.ToClay) sent.value()).lane()).isEqualTo(Priority.URGENT);
        assertThat(sent.timestamp()).isEqualTo(START_MS);
        assertThat(sent.headers().lastHeader("trace").value()).containsExactly(7);
        assertThat(header(sent, OutboundRow.SEND_BEFORE_HEADER)).isEqualTo(Long.toString(START_MS + 5000));
        assertThat(rig.metrics.count("requests/acme/clay/none")).isEqualTo(1);
    }

    @Test
    void aCacheAnswerIsTheAskersOwnResultServedNow() {
        EnrichmentResult cached = new EnrichmentResult("c1", "r1", "email:ada@example.com", "acme",
                ResultStatus.SUCCESS, ResultSource.CLAY, Map.of("title", "Engineer"), 1.0,
                Instant.ofEpochMilli(START_MS - 1000), null);

        rig.outputs.cacheAnswer(cached, "r2", "acme", START_MS);

        Record<? extends String, ? extends Routed> sent = rig.forwardedOne();
        EnrichmentResult answer = ((Routed.CacheAnswer) sent.value()).result();
        assertThat(sent.key()).isEqualTo("email:ada@example.com");
        assertThat(answer.requestId()).isEqualTo("r2");
        assertThat(answer.correlationId()).isNotEqualTo("c1");
        assertThat(answer.source()).isEqualTo(ResultSource.CACHE);
        assertThat(answer.receivedAt()).isEqualTo(cached.receivedAt());
        assertThat(answer.servedAt()).isEqualTo(Instant.ofEpochMilli(START_MS));
        assertThat(rig.metrics.count("requests/acme/cache/none")).isEqualTo(1);
    }

    @Test
    void aDeadLetterKeepsTheOriginalRecordAndSaysWhyAndIsCounted() {
        RequestEnvelope request = DeciderRig.request("r1", "acme", "ada@example.com", false, 42);

        rig.outputs.deadLetter(request, "acme", DeadLetterReason.BUDGET_EXHAUSTED, "no credits left", "c1", START_MS);

        Record<? extends String, ? extends Routed> sent = rig.forwardedOne();
        DeadLetter letter = ((Routed.DeadLettered) sent.value()).letter();
        assertThat(sent.key()).isEqualTo("acme");
        assertThat(letter.key()).isEqualTo(request.rawKey());
        assertThat(letter.value()).isEqualTo(request.rawValue());
        assertThat(header(sent, "trace")).isEqualTo("r1");
        assertThat(header(sent, DeadLetterHeaders.REASON)).isEqualTo("budget_exhausted");
        assertThat(header(sent, DeadLetterHeaders.DETAIL)).isEqualTo("no credits left");
        assertThat(header(sent, DeadLetterHeaders.CORRELATION_ID)).isEqualTo("c1");
        assertThat(header(sent, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("42");
        assertThat(rig.metrics.count("requests/acme/dlq/budget_exhausted")).isEqualTo(1);
        assertThat(rig.metrics.count("dead/budget_exhausted/acme")).isEqualTo(1);
    }

    @Test
    void aVerifiedResultIsKeyedByItsContactAndCountsNoRequest() {
        EnrichmentResult verified = new EnrichmentResult("c1", "r1", "email:ada@example.com", "acme",
                ResultStatus.SUCCESS, ResultSource.CLAY, Map.of(), null, Instant.ofEpochMilli(START_MS), null);

        rig.outputs.verified(verified, START_MS);

        Record<? extends String, ? extends Routed> sent = rig.forwardedOne();
        assertThat(sent.key()).isEqualTo("email:ada@example.com");
        assertThat(((Routed.Verified) sent.value()).result()).isEqualTo(verified);
        assertThat(rig.metrics.counters).isEmpty();
    }

    @Test
    void aMessageToTheWorkspaceOwnerIsStampedWithTheWallClock() {
        LeaseUpdate update = new LeaseUpdate(0, "2026-11-27", "2026-11", 16000, 1000, 0, 0);
        rig.context.setCurrentSystemTimeMs(START_MS + 123);

        rig.outputs.toWorkspace(update);

        Record<? extends String, ? extends Routed> sent = rig.forwardedOne();
        assertThat(sent.key()).isEqualTo(StoreNames.WORKSPACE_KEY);
        assertThat(((Routed.ToWorkspace) sent.value()).update()).isEqualTo(update);
        assertThat(sent.timestamp()).isEqualTo(START_MS + 123);
    }
}
