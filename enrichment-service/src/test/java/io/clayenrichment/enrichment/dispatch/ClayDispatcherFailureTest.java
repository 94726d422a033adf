package io.clayenrichment.enrichment.dispatch;

import static io.clayenrichment.enrichment.dispatch.DispatcherTestKit.WAIT;
import static io.clayenrichment.enrichment.dispatch.DispatcherTestKit.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clayenrichment.common.deadletter.DeadLetterHeaders;
import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.schema.DispatchReceipt;
import io.clayenrichment.common.schema.OutboundRow;
import io.clayenrichment.enrichment.dispatch.ScriptedClay.Answer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class ClayDispatcherFailureTest {

    @Test
    void aTerminal4xxGivesTheRowUpWithAReceiptSayingClayNeverTookItAndTheNextRowGoesOn() throws Exception {
        try (ScriptedClay clay = new ScriptedClay(); DispatcherTestKit kit = new DispatcherTestKit(1)) {
            clay.script((webhook, row, seen) -> row.get("sequence").equals(0)
                    ? Answer.status(404, "{\"error\":\"source_not_found\",\"echo\":\"" + DispatcherTestKit.TOKEN + "\"}")
                    : Answer.ok());
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            kit.webhooks(clay, "deleted-table").start(registry);
            OutboundRow refused = DispatcherTestKit.row("email:ada@example.com", "acme", 0);
            byte[] value = Json.write(refused);
            Instant before = Instant.now();
            kit.produceRaw(refused.contactKey(), value).get(30, TimeUnit.SECONDS);
            kit.produce(List.of(DispatcherTestKit.row("email:ada@example.com", "acme", 1)));

            DispatchReceipt receipt = kit.givenUp(1).get(0);
            assertThat(receipt.correlationId()).isEqualTo(refused.correlationId());
            assertThat(receipt.tenant()).isEqualTo("acme");
            assertThat(receipt.contactKey()).isEqualTo(refused.contactKey());
            assertThat(receipt.requestId()).isEqualTo(refused.requestId());
            assertThat(receipt.stage()).isEqualTo(DispatchReceipt.Stage.FAILED);
            assertThat(receipt.reason()).isEqualTo("clay_rejected");
            // A 404 is an answer: Clay did not take the row, so its reservation can be released.
            assertThat(receipt.reachedClay()).isEqualTo(DispatchReceipt.Reach.NO);
            assertThat(receipt.detail()).contains("HTTP 404").contains("source_not_found")
                    .contains("webhook URL #0").doesNotContain(DispatcherTestKit.TOKEN).doesNotContain("deleted-table");
            assertThat(receipt.at()).isAfterOrEqualTo(before.minusSeconds(1));
            // Its intent came first, and the request's dead letter is the topology's to write, not the dispatcher's.
            assertThat(kit.receiptsNow()).filteredOn(r -> r.correlationId().equals(refused.correlationId()))
                    .extracting(DispatchReceipt::stage)
                    .containsExactly(DispatchReceipt.Stage.SENDING, DispatchReceipt.Stage.FAILED);
            assertThat(kit.deadLettersNow()).isEmpty();

            await().atMost(WAIT).until(() -> clay.accepted().size() == 1);
            await().atMost(WAIT).until(kit::everythingCommitted);
            assertThat(clay.received(r -> r.json().get("sequence").equals(0))).hasSize(1);
            assertThat(registry.get("clay.enrichment.clay.rows").tag("outcome", "rejected").tag("status", "404")
                    .counter().count()).isEqualTo(1);
        }
    }

    @Test
    void aRowThatKeepsFailingIsDeadLetteredAsRetriesExhausted() {
        try (ScriptedClay clay = new ScriptedClay(); DispatcherTestKit kit = new DispatcherTestKit(1)) {
            clay.script((webhook, row, seen) -> Answer.status(500, "{\"error\":\"internal\"}"));
            kit.webhooks(clay, "table-a").set("CLAY_MAX_ATTEMPTS", "3").start();
            OutboundRow row = DispatcherTestKit.row("email:ada@example.com", "beta", 0);
            kit.produce(List.of(row));

            DispatchReceipt receipt = kit.givenUp(1).get(0);
            assertThat(receipt.reason()).isEqualTo("retries_exhausted");
            assertThat(receipt.detail()).isEqualTo("gave up after 3 attempts; last: HTTP 500: "
                    + "{\"error\":\"internal\"}");
            assertThat(receipt.tenant()).isEqualTo("beta");
            assertThat(receipt.correlationId()).isEqualTo(row.correlationId());
            assertThat(receipt.reachedClay()).isEqualTo(DispatchReceipt.Reach.NO);
            assertThat(clay.received()).hasSize(3);
            await().atMost(WAIT).until(kit::everythingCommitted);
        }
    }

    @Test
    void anOutageOpensTheBreakerDeadLettersNothingAndEverythingArrivesAfterRecovery() {
        try (ScriptedClay clay = new ScriptedClay(); DispatcherTestKit kit = new DispatcherTestKit(2)) {
            AtomicBoolean down = new AtomicBoolean(true);
            clay.script((webhook, row, seen) -> down.get() ? Answer.status(503, "{\"error\":\"maintenance\"}") : Answer.ok());
            // More attempts per row than calls the breaker needs to open: even a row that alone meets the first
            // failures (its partition fetched before the other's) cannot run out of attempts before it opens.
            ClayDispatcher dispatcher = kit.webhooks(clay, "table-a")
                    .set("CLAY_MAX_ATTEMPTS", "5")
                    .set("CLAY_BREAKER_WINDOW_SIZE", "4")
                    .set("CLAY_BREAKER_MINIMUM_CALLS", "4")
                    .set("CLAY_BREAKER_HALF_OPEN_CALLS", "1")
                    .set("CLAY_BREAKER_WAIT_IN_OPEN", "PT0.3S")
                    .start();
            List<OutboundRow> rows = IntStream.range(0, 12)
                    .mapToObj(i -> DispatcherTestKit.row("email:c" + i + "@example.com", "acme", i)).toList();
            kit.produce(rows);

            await().atMost(WAIT).until(() -> dispatcher.state() == ClayDispatcher.State.CLAY_UNAVAILABLE);
            assertThat(dispatcher.health().ready()).isTrue();
            // Far more failed calls than 5 attempts per row while the breaker keeps probing:
            await().atMost(WAIT).until(() -> clay.received().size() >= 15);
            down.set(false);

            await().atMost(WAIT).until(() -> clay.accepted().size() == rows.size());
            await().atMost(WAIT).until(kit::everythingCommitted);
            await().atMost(WAIT).until(() -> dispatcher.state() == ClayDispatcher.State.RUNNING);
            assertThat(clay.accepted().stream().map(ScriptedClay.Received::correlationId).distinct())
                    .hasSize(rows.size());
            assertThat(countDeadLetters(kit)).isZero();
            assertThat(kit.receiptsNow()).noneMatch(r -> r.stage().givesUp());
        }
    }

    @Test
    void anOversizedRowIsGivenUpWithoutSendingAndAnUnreadableOneIsDeadLetteredAsInvalid() throws Exception {
        try (ScriptedClay clay = new ScriptedClay(); DispatcherTestKit kit = new DispatcherTestKit(1)) {
            kit.webhooks(clay, "table-a").set("CLAY_MAX_PAYLOAD_BYTES", "2048").start();
            OutboundRow big = DispatcherTestKit.row("email:big@example.com", "acme", 0);
            big.attributes().put("notes", "x".repeat(4_000));
            kit.produce(List.of(big));
            kit.produceRaw("email:broken@example.com", "{\"correlation_id\": ".getBytes(StandardCharsets.UTF_8))
                    .get(30, TimeUnit.SECONDS);
            kit.produce(List.of(DispatcherTestKit.row("email:fine@example.com", "acme", 2)));

            DispatchReceipt oversized = kit.givenUp(1).get(0);
            assertThat(oversized.correlationId()).isEqualTo(big.correlationId());
            assertThat(oversized.reason()).isEqualTo("clay_rejected");
            assertThat(oversized.reachedClay()).isEqualTo(DispatchReceipt.Reach.NO);
            assertThat(oversized.detail()).contains("CLAY_MAX_PAYLOAD_BYTES=2048").contains("not sent");
            // A row that cannot be read names no attempt: it is dead-lettered as itself.
            List<ConsumerRecord<byte[], byte[]>> letters = kit.deadLetters(1);
            assertThat(letters).hasSize(1);
            assertThat(header(letters.get(0), DeadLetterHeaders.REASON)).isEqualTo("invalid");
            assertThat(header(letters.get(0), DeadLetterHeaders.DETAIL)).startsWith("outbound row is not readable: malformed JSON");
            assertThat(header(letters.get(0), DeadLetterHeaders.TENANT)).isNull();
            assertThat(header(letters.get(0), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(kit.outbound);
            await().atMost(WAIT).until(() -> clay.received().size() == 1);
            assertThat(clay.received().get(0).json().get("sequence")).isEqualTo(2);
            await().atMost(WAIT).until(kit::everythingCommitted);
        }
    }

    @Test
    void aTimedOutRequestIsRetriedWithTheSameCorrelationId() {
        try (ScriptedClay clay = new ScriptedClay(); DispatcherTestKit kit = new DispatcherTestKit(1)) {
            clay.script((webhook, row, seen) -> seen == 0 ? Answer.ok().after(Duration.ofSeconds(2)) : Answer.ok());
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            kit.webhooks(clay, "table-a").set("CLAY_REQUEST_TIMEOUT", "PT0.3S").start(registry);
            OutboundRow row = DispatcherTestKit.row("email:slow@example.com", "acme", 0);
            kit.produce(List.of(row));

            await().atMost(WAIT).until(() -> clay.received().size() == 2);
            assertThat(clay.received()).extracting(ScriptedClay.Received::correlationId)
                    .containsOnly(row.correlationId());
            await().atMost(WAIT).until(kit::everythingCommitted);
            assertThat(registry.get("clay.enrichment.clay.rows").tag("outcome", "retried").tag("status", "io_error")
                    .counter().count()).isEqualTo(1);
            assertThat(kit.deadLettersNow()).isEmpty();
            // The first POST timed out: Clay may have made a row of it (it did here, twice)
            assertThat(kit.receiptsNow()).extracting(DispatchReceipt::stage)
                    .containsExactly(DispatchReceipt.Stage.SENDING, DispatchReceipt.Stage.ACCEPTED);
        }
    }

    @Test
    void slowAnswersOpenTheBreakerAndFastOnesCloseIt() {
        try (ScriptedClay clay = new ScriptedClay(); DispatcherTestKit kit = new DispatcherTestKit(1)) {
            AtomicBoolean slow = new AtomicBoolean(true);
            clay.script((webhook, row, seen) -> slow.get() ? Answer.ok().after(Duration.ofMillis(300)) : Answer.ok());
            ClayDispatcher dispatcher = kit.webhooks(clay, "table-a")
                    .set("CLAY_BREAKER_SLOW_CALL_DURATION", "PT0.1S")
                    .set("CLAY_BREAKER_SLOW_CALL_RATE", "50")
                    .set("CLAY_BREAKER_WINDOW_SIZE", "3")
                    .set("CLAY_BREAKER_MINIMUM_CALLS", "3")
                    .set("CLAY_BREAKER_HALF_OPEN_CALLS", "1")
                    .set("CLAY_BREAKER_WAIT_IN_OPEN", "PT0.5S")
                    .start();
            List<OutboundRow> rows = IntStream.range(0, 8)
                    .mapToObj(i -> DispatcherTestKit.row("email:same@example.com", "acme", i)).toList();
            kit.produce(rows);

            await().atMost(WAIT).until(() -> dispatcher.state() == ClayDispatcher.State.CLAY_UNAVAILABLE);
            slow.set(false);
            await().atMost(WAIT).until(() -> clay.accepted().size() == rows.size());
            await().atMost(WAIT).until(() -> dispatcher.state() == ClayDispatcher.State.RUNNING);
            await().atMost(WAIT).until(kit::everythingCommitted);
        }
    }

    private static int countDeadLetters(DispatcherTestKit kit) {
        try (var admin = org.apache.kafka.clients.admin.Admin.create(io.clayenrichment.common.testing.TestKafka
                .clientProperties())) {
            var partition = new org.apache.kafka.common.TopicPartition(kit.deadLetters, 0);
            return (int) admin.listOffsets(java.util.Map.of(partition, org.apache.kafka.clients.admin.OffsetSpec.latest()))
                    .partitionResult(partition).get(30, TimeUnit.SECONDS).offset();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
