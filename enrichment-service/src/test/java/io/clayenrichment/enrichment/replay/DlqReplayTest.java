package io.clayenrichment.enrichment.replay;

import static io.clayenrichment.common.deadletter.DeadLetterReason.BUDGET_EXHAUSTED;
import static io.clayenrichment.common.deadletter.DeadLetterReason.CLAY_REJECTED;
import static io.clayenrichment.common.deadletter.DeadLetterReason.INVALID;
import static io.clayenrichment.enrichment.replay.DeadLetterFixture.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.deadletter.DeadLetterHeaders;
import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.schema.EnrichmentRequest;
import io.clayenrichment.common.schema.OutboundRow;
import io.clayenrichment.common.testing.TestKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class DlqReplayTest {

    private static final Instant T0 = Instant.parse("2026-11-27T09:00:00Z");

    private static List<String> requestIds(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> Json.read(r.value(), EnrichmentRequest.class).requestId()).sorted().toList();
    }

    @Test
    void dryRunListsAndCountsByReasonAndTenantAndReplaysNothing() {
        DeadLetterFixture dlq = new DeadLetterFixture("replay-dry");
        dlq.request(0, "r1", BUDGET_EXHAUSTED, "acme", T0);
        dlq.request(1, "r2", BUDGET_EXHAUSTED, "acme", T0);
        dlq.request(0, "r3", CLAY_REJECTED, "globex", T0);

        DeadLetterFixture.Run run = dlq.replay("--dry-run");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("dry run: nothing was replayed", "would replay: 3",
                "reason budget_exhausted: 2", "reason clay_rejected: 1", "tenant acme: 2", "tenant globex: 1");
        assertThat(run.out().lines().filter(l -> l.startsWith("would replay ")).count()).isEqualTo(3);
        assertThat(dlq.replayed()).isEmpty();
        // a dry run marks nothing: the real run afterwards still replays all three
        assertThat(dlq.replay().out()).contains("replayed: 3");
    }

    @Test
    void replaysOnlyLettersMatchingReasonTenantAndTime() {
        DeadLetterFixture dlq = new DeadLetterFixture("replay-filter");
        dlq.request(0, "hit1", BUDGET_EXHAUSTED, "acme", T0);
        dlq.request(1, "hit2", CLAY_REJECTED, "acme", T0.plusSeconds(3599));
        dlq.request(0, "wrong-reason", INVALID, "acme", T0);
        dlq.request(1, "wrong-tenant", BUDGET_EXHAUSTED, "globex", T0);
        dlq.request(0, "too-early", BUDGET_EXHAUSTED, "acme", T0.minusMillis(1));
        dlq.request(1, "at-to-excluded", BUDGET_EXHAUSTED, "acme", T0.plusSeconds(3600));
        // no dlq.failed_at header: the record timestamp decides
        dlq.letter(0, T0.plusSeconds(60).toEpochMilli(), "k", DeadLetterFixture.requestJson("by-timestamp", "acme"),
                BUDGET_EXHAUSTED, "acme", null, dlq.requests, Map.of());
        dlq.letter(0, T0.minusSeconds(60).toEpochMilli(), "k", DeadLetterFixture.requestJson("old-timestamp", "acme"),
                BUDGET_EXHAUSTED, "acme", null, dlq.requests, Map.of());

        DeadLetterFixture.Run run = dlq.replay("--reason", "budget_exhausted,clay_rejected", "--tenant", "acme",
                "--from", T0.toString(), "--to", T0.plusSeconds(3600).toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(requestIds(dlq.replayed())).containsExactly("by-timestamp", "hit1", "hit2");
        assertThat(run.out()).contains("dead letters read: 8, matching: 3, replayed: 3, already replayed: 0, refused: 0");
    }

    @Test
    void replayKeepsKeyValueAndOriginalHeadersDropsDeadLetterOnesAndCountsReplays() {
        DeadLetterFixture dlq = new DeadLetterFixture("replay-headers");
        String value = DeadLetterFixture.requestJson("r1", "acme");
        dlq.letter(1, "email:r1@example.com", value, BUDGET_EXHAUSTED, "acme", T0, dlq.requests,
                Map.of("traceparent", "00-abc-01", "__streams.errors.exception", "boom", "replay.count", "1"));

        assertThat(dlq.replay().exit()).isZero();

        ConsumerRecord<byte[], byte[]> replayed = dlq.replayed().get(0);
        assertThat(text(replayed.key())).isEqualTo("email:r1@example.com");
        assertThat(text(replayed.value())).isEqualTo(value);
        assertThat(Json.read(replayed.value(), EnrichmentRequest.class).contactKey()).isPresent();
        List<String> names = new ArrayList<>();
        for (Header header : replayed.headers()) {
            names.add(header.key());
        }
        assertThat(names).containsExactlyInAnyOrder("traceparent", "replay.count");
        assertThat(DeadLetterHeaders.read(replayed.headers(), "traceparent")).contains("00-abc-01");
        assertThat(DeadLetterHeaders.read(replayed.headers(), "replay.count")).contains("2");
    }

    @Test
    void secondRunWithTheSameFilterReplaysNothing() {
        DeadLetterFixture dlq = new DeadLetterFixture("replay-twice");
        dlq.request(0, "r1", BUDGET_EXHAUSTED, "acme", T0);
        dlq.request(1, "r2", BUDGET_EXHAUSTED, "acme", T0);

        assertThat(dlq.replay("--reason", "budget_exhausted").out()).contains("replayed: 2");
        DeadLetterFixture.Run second = dlq.replay("--reason", "budget_exhausted");
        dlq.request(0, "r3", BUDGET_EXHAUSTED, "acme", T0);
        DeadLetterFixture.Run third = dlq.replay("--reason", "budget_exhausted");

        assertThat(second.out()).contains("replayed: 0, already replayed: 2");
        assertThat(third.out()).contains("replayed: 1, already replayed: 2");
        assertThat(requestIds(dlq.replayed())).containsExactly("r1", "r2", "r3");
    }

    @Test
    void aRunThatCrashedMidTransactionLeavesNoMarkAndTheNextRunReplaysOnce() throws Exception {
        DeadLetterFixture dlq = new DeadLetterFixture("replay-crash");
        dlq.request(0, "r1", BUDGET_EXHAUSTED, "acme", T0);
        assertThat(dlq.replay("--dry-run").exit()).isZero(); // creates the ledger topic
        String ledger = dlq.deadLetters + io.clayenrichment.common.topics.Topics.REPLAYED_SUFFIX;
        Properties crashed = TestKafka.clientProperties();
        crashed.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "dlq-replay-" + dlq.deadLetters);
        // a run that sent the request and its mark, then died before committing: never closed, never aborted
        KafkaProducer<byte[], byte[]> dead = new KafkaProducer<>(crashed, new ByteArraySerializer(),
                new ByteArraySerializer());
        dead.initTransactions();
        dead.beginTransaction();
        dead.send(new ProducerRecord<>(dlq.requests, "k".getBytes(), DeadLetterFixture.requestJson("r1", "acme")
                .getBytes())).get();
        dead.send(new ProducerRecord<>(ledger, "0:0".getBytes(), "{}".getBytes())).get();

        DeadLetterFixture.Run next = dlq.replay();

        assertThat(next.out()).contains("replayed: 1, already replayed: 0");
        assertThat(requestIds(dlq.replayed())).containsExactly("r1");
        assertThat(dlq.replay().out()).contains("replayed: 0, already replayed: 1");
        dead.close(Duration.ZERO);
    }

    @Test
    void refusesLettersThatReachedMaxReplays() {
        DeadLetterFixture dlq = new DeadLetterFixture("replay-loop");
        dlq.letter(0, "k", DeadLetterFixture.requestJson("looping", "acme"), BUDGET_EXHAUSTED, "acme", T0,
                dlq.requests, Map.of("replay.count", "3"));
        dlq.letter(0, "k", DeadLetterFixture.requestJson("fresh", "acme"), BUDGET_EXHAUSTED, "acme", T0,
                dlq.requests, Map.of("replay.count", "2"));

        DeadLetterFixture.Run run = dlq.replay();

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("refused 0:0", "already replayed 3 times (--max-replays 3)",
                "replayed: 1", "refused: 1", "refused max_replays: 1");
        assertThat(requestIds(dlq.replayed())).containsExactly("fresh");
        // a refused letter is not marked: a higher limit replays it later
        assertThat(dlq.replay("--max-replays", "4").out()).contains("replayed: 1, already replayed: 1");
        assertThat(requestIds(dlq.replayed())).containsExactly("fresh", "looping");
    }

    @Test
    void dispatcherLettersBecomeRequestsAgain() {
        DeadLetterFixture dlq = new DeadLetterFixture("replay-outbound");
        OutboundRow row = new OutboundRow("corr-1", "email:ada@example.com", "acme", "r9", T0, "ada@example.com",
                null, "example.com", "Ada", "Lovelace", "Analytical", new java.util.LinkedHashMap<>(Map.of("plan", "pro")));
        dlq.letter(0, "email:ada@example.com", Json.writeString(row), CLAY_REJECTED, "acme", T0, dlq.outbound,
                Map.of());
        dlq.letter(1, "email:x@example.com", "{not json", CLAY_REJECTED, "acme", T0, dlq.outbound, Map.of());

        DeadLetterFixture.Run run = dlq.replay();

        assertThat(run.out()).contains("replayed: 1", "refused unreadable_outbound_row: 1");
        ConsumerRecord<byte[], byte[]> replayed = dlq.replayed().get(0);
        EnrichmentRequest request = Json.read(replayed.value(), EnrichmentRequest.class);
        assertThat(text(replayed.key())).isEqualTo("email:ada@example.com");
        assertThat(request.requestId()).isEqualTo("r9");
        assertThat(request.tenant()).isEqualTo("acme");
        assertThat(request.contactKey()).contains("email:ada@example.com");
        assertThat(request.attributes()).containsEntry("plan", "pro");
        assertThat(request.extra()).isEmpty();
        assertThat(text(replayed.value())).doesNotContain("correlation_id", "contact_key");
    }
}
