package io.clayenrichment.enrichment.topology;

import io.clayenrichment.common.json.JsonSerde;
import io.clayenrichment.common.schema.EnrichmentResult;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * Kafka Streams' repartition topics of the topology, {@code <application.id>-<name>-repartition}:
 * Streams creates them (as many partitions as the largest of its inputs unless a count is given) and
 * names them from these names, which therefore may never change (a new name is a new, empty topic,
 * and in-flight records of the old one are lost). The other half of the registry to common's
 * {@code Topics} and {@code ServiceTopics}: these carry the topology's internal formats. The stores'
 * changelogs are named after {@link StoreNames}.
 *
 * @param values the serde of the values, writing a given internal record version
 *     ({@code INTERNAL_RECORD_VERSION}; JSON values have no versions) and reading every version
 * @param partitions the partitions Streams creates the topic with, or null for its inputs' most
 */
public record Repartition<K, V>(String name, Serde<K> keySerde, Versioned<V> values, Integer partitions) {

    /** A value serde by the internal record version it writes. */
    @FunctionalInterface
    public interface Versioned<V> {
        Serde<V> writing(byte version);
    }

    /** Requests, Clay's results and the dispatcher's receipts, keyed by tenant: the one hop to the decider. */
    public static final Repartition<String, TenantEvent> BY_TENANT = new Repartition<>("by-tenant",
            Serdes.String(), BinaryCodec::tenantEvents, null);
    /** Results that closed an attempt, keyed by contact key, for the contacts store. */
    public static final Repartition<String, EnrichmentResult> VERIFIED_BY_CONTACT = new Repartition<>(
            "verified-by-contact", Serdes.String(), json(EnrichmentResult.class), null);
    /** Every task's workspace lease asks and returns, in one partition: the workspace budget's one owner. */
    public static final Repartition<String, LeaseUpdate> WORKSPACE_LEASES = new Repartition<>("workspace-leases",
            Serdes.String(), json(LeaseUpdate.class), 1);

    public static final List<Repartition<?, ?>> ALL = List.of(BY_TENANT, VERIFIED_BY_CONTACT, WORKSPACE_LEASES);

    /** How the topology's {@code repartition()} declares it, its values written in {@code version}. */
    public Repartitioned<K, V> repartitioned(byte version) {
        Repartitioned<K, V> declared = Repartitioned.with(keySerde, values.writing(version)).withName(name);
        return partitions == null ? declared : declared.withNumberOfPartitions(partitions);
    }

    /** The topic's name in the application {@code applicationId} ({@code APPLICATION_ID}). */
    public String topicName(String applicationId) {
        return applicationId + "-" + name + "-repartition";
    }

    private static <V> Versioned<V> json(Class<V> type) {
        JsonSerde<V> serde = new JsonSerde<>(type);
        return version -> serde;
    }
}
