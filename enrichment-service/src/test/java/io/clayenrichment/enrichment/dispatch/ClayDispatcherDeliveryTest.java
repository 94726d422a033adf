package io.clayenrichment.enrichment.dispatch;

import static io.clayenrichment.enrichment.dispatch.DispatcherTestKit.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.schema.DispatchReceipt;
import io.clayenrichment.common.schema.OutboundRow;
import io.clayenrichment.enrichment.dispatch.ScriptedClay.Answer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ClayDispatcherDeliveryTest {

    @Test
    void rowsArriveFlatWithTheAuthHeaderInOrderPerContactAndAreCommitted() {
        try (ScriptedClay clay = new ScriptedClay(); DispatcherTestKit kit = new DispatcherTestKit(3)) {
            // Every row's first attempt fails with a 503 about a third of the time: retries must not reorder.
            clay.script((webhook, row, seen) -> seen == 0 && Math.floorMod(row.get("correlation_id").hashCode(), 3) == 0
                    ? Answer.status(503, "{\"error\":\"unavailable\"}") : Answer.ok());
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            ClayDispatcher dispatcher = kit.webhooks(clay, "table-a").start(registry);
            List<OutboundRow> rows = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                rows.add(DispatcherTestKit.row("email:contact" + (i % 6) + "@example.com", "acme", i));
            }
            kit.produce(rows);

            await().atMost(WAIT).until(() -> clay.accepted().size() >= rows.size());
            await().atMost(WAIT).until(kit::everythingCommitted);

            List<ScriptedClay.Received> accepted = clay.accepted();
            assertThat(accepted).hasSize(rows.size());
            assertThat(accepted).allSatisfy(received -> {
                assertThat(received.headers()).containsEntry("x-clay-webhook-auth", DispatcherTestKit.TOKEN)
                        .containsEntry("content-type", "application/json");
                assertThat(received.json().values()).noneMatch(v -> v instanceof Map || v instanceof List);
            });
            Map<String, OutboundRow> sent = rows.stream().collect(Collectors.toMap(OutboundRow::correlationId, r -> r));
            assertThat(accepted).allSatisfy(received ->
                    assertThat(Json.read(received.body(), OutboundRow.class)).isEqualTo(sent.get(received.correlationId())));
            assertThat(clay.received(r -> !r.accepted())).isNotEmpty();
            for (int contact = 0; contact < 6; contact++) {
                String key = "email:contact" + contact + "@example.com";
                List<Object> expected = rows.stream().filter(r -> r.contactKey().equals(key))
                        .map(r -> r.attributes().get("sequence")).toList();
                List<Object> arrived = accepted.stream().filter(r -> r.contactKey().equals(key))
                        .map(r -> r.json().get("sequence")).toList();
                assertThat(arrived).as("order of %s", key).isEqualTo(expected);
            }

            assertThat(registry.get("clay.enrichment.clay.rows").tag("outcome", "sent").tag("status", "200")
                    .counter().count()).isEqualTo(rows.size());
            assertThat(registry.get("clay.enrichment.clay.rows").tag("outcome", "retried").tag("status", "503")
                    .counter().count()).isPositive();
            String scrape = registry.scrape();
            assertThat(scrape).contains("clay_enrichment_clay_latency_seconds_bucket")
                    .contains("clay_enrichment_clay_tokens_available").contains("clay_enrichment_clay_breaker_state")
                    .contains("clay_enrichment_clay_url_submissions_left{url_index=\"0\",workspace=\"default\"}")
                    .doesNotContain("127.0.0.1:" + clay.url("x").getPort()).doesNotContain(DispatcherTestKit.TOKEN);
            assertThat(dispatcher.health().ready()).isTrue();
        }
    }

    @Test
    void a429sRetryAfterIsHonouredBeforeTheNextSend() {
        try (ScriptedClay clay = new ScriptedClay(); DispatcherTestKit kit = new DispatcherTestKit(1)) {
            clay.script((webhook, row, seen) -> seen == 0 && row.get("sequence").equals(0)
                    ? Answer.status(429, "{\"error\":\"too_many_requests\"}").retryAfter("1") : Answer.ok());
            kit.webhooks(clay, "table-a").start();
            kit.produce(List.of(DispatcherTestKit.row("email:a@example.com", "acme", 0),
                    DispatcherTestKit.row("email:b@example.com", "acme", 1)));

            await().atMost(WAIT).until(() -> clay.accepted().size() == 2);
            List<ScriptedClay.Received> all = clay.received();
            assertThat(all.get(0).answeredStatus()).isEqualTo(429);
            Duration gap = Duration.ofNanos(all.get(1).arrivedNanos() - all.get(0).arrivedNanos());
            assertThat(gap).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            assertThat(all.get(1).correlationId()).isEqualTo(all.get(0).correlationId());
            await().atMost(WAIT).until(kit::everythingCommitted);
        }
    }

    @Test
    void aRowWhosePostWasUnderWayWhenTheDispatcherCrashedIsNeverSentAgainAndTheRestGoOnInOrder() {
        try (ScriptedClay clay = new ScriptedClay(); DispatcherTestKit kit = new DispatcherTestKit(1)) {
            CompletableFuture<Void> release = new CompletableFuture<>();
            // Row 5's first POST hangs: the dispatcher dies while it is in flight.
            clay.script((webhook, row, seen) -> row.get("sequence").equals(5) && seen == 0
                    ? Answer.ok().heldUntil(release) : Answer.ok());
            ClayDispatcher first = kit.webhooks(clay, "table-a").start();
            List<OutboundRow> rows = IntStream.range(0, 10)
                    .mapToObj(i -> DispatcherTestKit.row("email:same@example.com", "acme", i)).toList();
            kit.produce(rows);
            await().atMost(WAIT).until(() -> clay.received(r -> r.json().get("sequence").equals(5)).size() == 1);

            first.halt();
            release.complete(null);
            assertThat(first.state()).isEqualTo(ClayDispatcher.State.STOPPED);
            kit.start();

            await().atMost(WAIT).until(() -> clay.accepted().stream().map(ScriptedClay.Received::correlationId)
                    .collect(Collectors.toSet()).size() == rows.size());
            await().atMost(WAIT).until(kit::everythingCommitted);
            Map<String, List<String>> bodiesById = new LinkedHashMap<>();
            clay.received().forEach(r -> bodiesById.computeIfAbsent(r.correlationId(), id -> new ArrayList<>()).add(r.body()));
            assertThat(bodiesById.keySet()).isEqualTo(rows.stream().map(OutboundRow::correlationId)
                    .collect(Collectors.toCollection(java.util.LinkedHashSet::new)));
            // Every row was POSTed exactly once: row 5's intent was committed before its POST, so the second
            // instance did not send it again (Clay would have charged twice).
            assertThat(bodiesById.values()).allSatisfy(bodies -> assertThat(bodies).hasSize(1));
            assertThat(clay.received().stream().map(r -> r.json().get("sequence")).toList())
                    .isEqualTo(IntStream.range(0, 10).boxed().toList());
            // Row 5 has its intent and no last word: its attempt waits for the callback, else its deadline.
            assertThat(kit.receiptsNow()).filteredOn(r -> r.correlationId().equals(rows.get(5).correlationId()))
                    .extracting(DispatchReceipt::stage).containsExactly(DispatchReceipt.Stage.SENDING);
        }
    }

    @Test
    void aGracefulCloseLeavesAHungSendToItsDeadlineAndTheNextInstanceGoesOnWithTheRest() {
        try (ScriptedClay clay = new ScriptedClay(); DispatcherTestKit kit = new DispatcherTestKit(1)) {
            CompletableFuture<Void> release = new CompletableFuture<>();
            clay.script((webhook, row, seen) -> row.get("sequence").equals(2) && seen == 0
                    ? Answer.ok().heldUntil(release) : Answer.ok());
            ClayDispatcher first = kit.webhooks(clay, "table-a").start();
            List<OutboundRow> rows = IntStream.range(0, 4)
                    .mapToObj(i -> DispatcherTestKit.row("email:same@example.com", "acme", i)).toList();
            kit.produce(rows);
            await().atMost(WAIT).until(() -> clay.received(r -> r.json().get("sequence").equals(2)).size() == 1);

            first.close(); // the grace (1 s in tests) passes with the POST still hung
            release.complete(null);
            assertThat(first.state()).isEqualTo(ClayDispatcher.State.STOPPED);
            assertThat(first.health().ready()).isFalse();
            assertThat(clay.received()).hasSize(3);

            kit.start();
            await().atMost(WAIT).until(() -> clay.received().size() == 4);
            await().atMost(WAIT).until(kit::everythingCommitted);
            // Row 2's POST may have reached Clay (it did): it is not sent again; rows 0 and 1 were done.
            assertThat(clay.received().stream().map(r -> r.json().get("sequence")).toList())
                    .containsExactly(0, 1, 2, 3);
        }
    }

    @Test
    void rowsOfAnAbortedTransactionNeverReachClay() throws Exception {
        try (ScriptedClay clay = new ScriptedClay(); DispatcherTestKit kit = new DispatcherTestKit(1)) {
            kit.webhooks(clay, "table-a").start();
            OutboundRow aborted = DispatcherTestKit.row("email:ada@example.com", "acme", 0);
            OutboundRow committed = DispatcherTestKit.row("email:ada@example.com", "acme", 1);
            // as a Kafka Streams task writes them: in a transaction, which a crash or fencing aborts
            java.util.Properties props = io.clayenrichment.common.testing.TestKafka.clientProperties();
            props.put("transactional.id", io.clayenrichment.common.testing.TestKafka.uniqueName("task"));
            try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<>(props,
                    new org.apache.kafka.common.serialization.StringSerializer(),
                    new org.apache.kafka.common.serialization.ByteArraySerializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(kit.outbound,
                        aborted.contactKey(), Json.write(aborted))).get();
                producer.flush();
                producer.abortTransaction();
                producer.beginTransaction();
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(kit.outbound,
                        committed.contactKey(), Json.write(committed))).get();
                producer.commitTransaction();
            }

            await().atMost(WAIT).until(() -> clay.accepted().size() == 1);
            // the committed row came after the aborted one in the partition: had that been read, it was sent first
            Thread.sleep(500);
            assertThat(clay.received()).extracting(ScriptedClay.Received::correlationId)
                    .containsExactly(committed.correlationId());
        }
    }
}
