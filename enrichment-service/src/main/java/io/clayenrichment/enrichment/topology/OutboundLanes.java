package io.clayenrichment.enrichment.topology;

import io.clayenrichment.common.topics.Topics;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.RecordContext;
import org.apache.kafka.streams.processor.TopicNameExtractor;

/**
 * Where a row for Clay is written: the outbound topic of its lane, as the bytes RowTemplate filled
 * in (the very bytes the outbound topic's serde writes). Each lane has a topic of its own so that the
 * dispatcher can send an urgent row while the normal lane's backlog waits: within one partition rows
 * are sent strictly in order.
 */
final class OutboundLanes implements TopicNameExtractor<String, Routed.ToClay> {

    private final Topics topics;

    OutboundLanes(Topics topics) {
        this.topics = topics;
    }

    @Override
    public String extract(String contactKey, Routed.ToClay row, RecordContext context) {
        return topics.outboundLane(row.lane());
    }

    /** Writes a row's bytes as they are; rows are only ever read back by the dispatcher, as bytes. */
    static Serde<Routed.ToClay> rowBytes() {
        return Serdes.serdeFrom((topic, row) -> row == null ? null : row.row(), (topic, bytes) -> {
            throw new UnsupportedOperationException("outbound rows are read by the dispatcher, not the topology");
        });
    }
}
