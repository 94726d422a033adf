package io.clayenrichment.enrichment.topology;

import io.clayenrichment.common.deadletter.DeadLetterHeaders;
import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.json.MessageFormatException;
import io.clayenrichment.common.schema.EnrichmentRequest;
import io.clayenrichment.common.schema.OutboundRow;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the dispatcher's dead letters (those whose {@code dlq.source.topic} is the outbound topic) and
 * turns each into a {@link DispatchFailure} for its tenant's task, which then closes the attempt.
 * Every other dead letter on the topic (including this topology's own) is not an attempt and is skipped.
 */
final class DispatchFailureIntake implements Processor<byte[], byte[], String, TenantEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(DispatchFailureIntake.class);

    private final String outboundTopic;
    private ProcessorContext<String, TenantEvent> context;

    DispatchFailureIntake(String outboundTopic) {
        this.outboundTopic = outboundTopic;
    }

    @Override
    public void init(ProcessorContext<String, TenantEvent> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        Headers headers = record.headers();
        if (!DeadLetterHeaders.read(headers, DeadLetterHeaders.SOURCE_TOPIC).filter(outboundTopic::equals)
                .isPresent()) {
            return;
        }
        Optional<OutboundRow> row = parseRow(record.value());
        String correlationId = DeadLetterHeaders.read(headers, DeadLetterHeaders.CORRELATION_ID)
                .or(() -> row.map(OutboundRow::correlationId)).orElse(null);
        String contactKey = Optional.ofNullable(RequestIntake.utf8(record.key()))
                .or(() -> row.map(OutboundRow::contactKey)).orElse(null);
        if (correlationId == null || contactKey == null) {
            LOG.warn("dispatcher dead letter at {} has no correlation id or contact key; its attempt will time out",
                    context.recordMetadata().map(Object::toString).orElse("?"));
            return;
        }
        String tenant = DeadLetterHeaders.read(headers, DeadLetterHeaders.TENANT)
                .or(() -> row.map(OutboundRow::tenant)).orElse(EnrichmentRequest.DEFAULT_TENANT);
        String reason = DeadLetterHeaders.read(headers, DeadLetterHeaders.REASON).orElse("retries_exhausted");
        String detail = DeadLetterHeaders.read(headers, DeadLetterHeaders.DETAIL).orElse("");
        context.forward(new Record<>(tenant, TenantEvent.of(new DispatchFailure(correlationId, contactKey, reason,
                detail)), record.timestamp()));
    }

    private static Optional<OutboundRow> parseRow(byte[] value) {
        try {
            return Optional.of(Json.read(value, OutboundRow.class));
        } catch (MessageFormatException e) {
            return Optional.empty();
        }
    }
}
