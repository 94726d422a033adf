package io.clayenrichment.enrichment.dispatch;

import static io.clayenrichment.enrichment.dispatch.DispatcherTestKit.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clayenrichment.common.schema.OutboundRow;
import io.clayenrichment.common.testing.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

class ClayDispatcherRebalanceTest {

    @Test
    void aSecondInstanceJoiningMidTrafficLosesNothingKeepsOrderAndTheCountsMatchWhatClaySaw() {
        try (ScriptedClay clay = new ScriptedClay(); DispatcherTestKit kit = new DispatcherTestKit(4)) {
            clay.script((webhook, row, seen) -> ScriptedClay.Answer.ok().after(Duration.ofMillis(20)));
            kit.webhooks(clay, "a", "b").set("CLAY_URL_SUBMISSION_LIMIT", "25").set("CLAY_RATE_LIMIT_PER_SECOND", "10")
                    .set("CLAY_RATE_LIMIT_BURST", "2");
            kit.start();
            List<OutboundRow> rows = IntStream.range(0, 40)
                    .mapToObj(i -> DispatcherTestKit.row("email:k" + (i % 8) + "@example.com", "acme", i)).toList();
            kit.produce(rows);
            await().atMost(WAIT).until(() -> clay.accepted().size() >= 8);

            kit.start(); // joins the group: partitions are revoked and reassigned while rows are in flight
            assertThat(clay.accepted().size()).as("the rebalance happens mid-traffic").isLessThan(rows.size() - 5);

            await().atMost(WAIT).until(() -> clay.accepted().stream().map(ScriptedClay.Received::correlationId)
                    .distinct().count() == rows.size());
            await().atMost(WAIT).until(kit::everythingCommitted);
            for (int contact = 0; contact < 8; contact++) {
                String key = "email:k" + contact + "@example.com";
                List<Object> expected = rows.stream().filter(r -> r.contactKey().equals(key))
                        .map(r -> r.attributes().get("sequence")).toList();
                List<Object> firstArrivals = clay.received().stream().filter(r -> r.contactKey().equals(key))
                        .map(r -> r.json().get("sequence")).distinct().toList();
                assertThat(firstArrivals).as("order of %s", key).isEqualTo(expected);
            }
            Map<String, Long> counted = countsPerUrl(kit);
            assertThat(counted.getOrDefault(UrlPool.idOf(clay.url("a")), 0L))
                    .isEqualTo(clay.received(r -> r.webhook().equals("a")).size());
            assertThat(counted.getOrDefault(UrlPool.idOf(clay.url("b")), 0L))
                    .isEqualTo(clay.received(r -> r.webhook().equals("b")).size());
        }
    }

    /** The latest count of every key of the submissions topic, summed per URL id. */
    private static Map<String, Long> countsPerUrl(DispatcherTestKit kit) {
        Properties props = TestKafka.clientProperties();
        Map<String, Long> latest = new HashMap<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            // created with TOPIC_PARTITIONS, like every topic of the layout: read them all
            List<TopicPartition> partitions = consumer.partitionsFor(kit.submissions, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(kit.submissions, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> latest.put(r.key(), Long.parseLong(r.value())));
            }
        }
        return latest.entrySet().stream().collect(Collectors.groupingBy(e -> e.getKey().substring(0, e.getKey().indexOf('/')),
                Collectors.summingLong(Map.Entry::getValue)));
    }
}
