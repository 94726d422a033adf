package io.clayenrichment.enrichment.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.schema.DispatchReceipt;
import io.clayenrichment.common.testing.MainSources;
import io.clayenrichment.common.testing.MainSources.Literal;
import io.clayenrichment.common.topics.TopicSpec;
import io.clayenrichment.common.topics.Topics;
import io.clayenrichment.common.topics.TypedTopic;
import io.clayenrichment.enrichment.budget.BudgetChange;
import io.clayenrichment.enrichment.topology.Repartition;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The registry's typed half: every topic {@link Topics} lists has serdes, the contract's in
 * {@code Topics} and the service's own here, and the topology's repartition names, like topic
 * names, are spelled in their registry only.
 */
class ServiceTopicsTest {

    @Test
    void withTheContractsFourEveryRegisteredTopicHasItsSerdes() {
        // the lanes hold rows like the outbound topic, with its serdes
        List<TopicSpec> typed = new ArrayList<>(List.of(Topics.REQUESTS, Topics.RESULTS, Topics.DEAD_LETTERS,
                Topics.OUTBOUND, Topics.OUTBOUND_URGENT, Topics.OUTBOUND_BACKFILL));
        ServiceTopics.ALL.stream().map(TypedTopic::spec).forEach(typed::add);

        assertThat(typed).containsExactlyInAnyOrderElementsOf(Topics.ALL);
    }

    /** The service's byte producers write with these serdes: the bytes of the JSON and UTF-8 they wrote before. */
    @Test
    void aSerializedRecordHasTheBytesOfTheMessagesJson() {
        DispatchReceipt receipt = new DispatchReceipt("c1", "acme", "email:ada@example.com", "r1",
                DispatchReceipt.Stage.ACCEPTED, DispatchReceipt.Reach.YES, null, null,
                Instant.parse("2026-01-02T03:04:05Z"));

        ProducerRecord<byte[], byte[]> record = ServiceTopics.RECEIPTS.named("receipts").serialized("acme", receipt);

        assertThat(record.topic()).isEqualTo("receipts");
        assertThat(record.key()).isEqualTo("acme".getBytes(StandardCharsets.UTF_8));
        assertThat(record.value()).isEqualTo(Json.write(receipt));
        BudgetChange change = new BudgetChange("acme", BigDecimal.TEN, null, null, null);
        assertThat(ServiceTopics.BUDGET_CHANGES.valueSerde().serializer().serialize("c", change))
                .isEqualTo(Json.write(change));
        assertThat(ServiceTopics.URL_SUBMISSIONS.named("s").serialized("u1/0", "41").value())
                .isEqualTo("41".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void repartitionTopicsAreNamedAsKafkaStreamsNamesThem() {
        assertThat(Repartition.BY_TENANT.topicName("clay-enrichment"))
                .isEqualTo("clay-enrichment-by-tenant-repartition");
        assertThat(Repartition.WORKSPACE_LEASES.partitions()).isEqualTo(1);
        assertThat(Repartition.ALL).extracting(Repartition::name).doesNotHaveDuplicates();
    }

    @Test
    void noMainSourceOutsideItsRegistrySpellsARepartitionName() {
        Path registry = MainSources.root()
                .resolve("enrichment-service/src/main/java/io/clayenrichment/enrichment/topology/Repartition.java");
        Set<String> names = Repartition.ALL.stream().map(Repartition::name).collect(Collectors.toSet());

        List<Literal> spelled = MainSources.files().stream().filter(file -> !file.equals(registry))
                .flatMap(file -> MainSources.literals(file).stream())
                .filter(literal -> names.contains(literal.value())).toList();

        assertThat(spelled).isEmpty();
        assertThat(MainSources.literals(registry)).extracting(Literal::value).containsAll(names);
    }
}
