package io.clayenrichment.enrichment.topology;

import io.clayenrichment.common.deadletter.DeadLetterHeaders;
import io.clayenrichment.common.deadletter.DeadLetterReason;
import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.schema.Tenants;
import io.clayenrichment.common.topics.Topics;
import io.clayenrichment.enrichment.metrics.TopologyMetrics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' processing exception handler (KIP-1033): a record whose processing throws goes to
 * {@code dlq.clay} as {@code invalid}, with the exception's class and message in {@code dlq.detail},
 * and processing goes on with the next record. Without it the stream thread would die, be replaced,
 * and retry the same record forever, stopping every tenant of its partition. A request's dead letter
 * carries its original bytes and headers wherever in the topology it failed; any other record carries
 * what the failing step read. A punctuation that throws has no record to dead-letter: it is logged,
 * and the next punctuation tries again.
 */
public final class FailedRecordHandler implements ProcessingExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(FailedRecordHandler.class);

    private String deadLetterTopic;
    private TopologyMetrics metrics = TopologyMetrics.NONE;

    /** The Streams settings that route processing failures through this handler, global stores included. */
    static Properties settings() {
        Properties properties = new Properties();
        properties.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, FailedRecordHandler.class);
        properties.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        return properties;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        deadLetterTopic = topic == null ? Topics.DEFAULT_DEAD_LETTERS : topic.toString();
        if (configs.get(InvalidRecordHandler.METRICS_CONFIG) instanceof TopologyMetrics given) {
            metrics = given;
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        String detail = "processing failed in " + context.processorNodeId() + ": " + exception.getClass().getName()
                + (exception.getMessage() == null ? "" : ": " + exception.getMessage());
        if (record == null) {
            LOG.error("a punctuation of task {} failed; it runs again on the next tick: {}", context.taskId(), detail,
                    exception);
            return Response.resume();
        }
        Failed failed = failedOf(record, context);
        Headers headers = failed.headers();
        DeadLetterHeaders.stamp(headers, DeadLetterReason.INVALID, detail, failed.tenant(), failed.sourceTopic(),
                failed.sourcePartition(), failed.sourceOffset(), Instant.now());
        String tenantLabel = failed.tenant() == null ? "unknown" : failed.tenant();
        LOG.error("record {}-{}@{} of tenant {} failed in {}; sent to {} as invalid", context.topic(),
                context.partition(), context.offset(), tenantLabel, context.processorNodeId(), deadLetterTopic,
                exception);
        metrics.deadLettered(DeadLetterReason.INVALID.wire(), tenantLabel);
        if (failed.isRequest()) {
            metrics.requestRouted(tenantLabel, TopologyMetrics.Route.DLQ, DeadLetterReason.INVALID.wire());
        }
        return Response.resume(List.of(new ProducerRecord<>(deadLetterTopic, null, failed.key(), failed.value(),
                headers)));
    }

    /** What the dead letter of the failed record carries. */
    private record Failed(byte[] key, byte[] value, Headers headers, String tenant, String sourceTopic,
            int sourcePartition, long sourceOffset, boolean isRequest) {}

    private static Failed failedOf(Record<?, ?> record, ErrorHandlerContext context) {
        Object value = record.value();
        if (value instanceof Routed.Event event) {
            value = event.event();
        }
        if (value instanceof RequestEnvelope request) {
            return new Failed(request.rawKey(), request.rawValue(), HeaderValue.toHeaders(request.headers()),
                    validTenant(request.tenant()), request.sourceTopic(), request.sourcePartition(),
                    request.sourceOffset(), true);
        }
        if (value instanceof Parsed<?> parsed) {
            return new Failed(context.sourceRawKey(), parsed.raw(), copy(context.headers()), null, context.topic(),
                    context.partition(), context.offset(), true);
        }
        byte[] key = context.sourceRawKey();
        byte[] written = null;
        if (value instanceof TenantEvent.ClayResult result) {
            written = Json.write(result.result());
            key = result.result().recordKey() == null ? null
                    : result.result().recordKey().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } else if (value instanceof TenantEvent.RowReceipt receipt) {
            written = Json.write(receipt.receipt());
        }
        String tenant = record.key() instanceof String named && written != null ? validTenant(named) : null;
        return new Failed(key, written != null ? written : context.sourceRawValue(), copy(context.headers()), tenant,
                context.topic(), context.partition(), context.offset(), false);
    }

    private static String validTenant(String tenant) {
        return tenant == null || Tenants.problem(tenant).isPresent() ? null : tenant;
    }

    private static Headers copy(Headers headers) {
        return headers == null ? new RecordHeaders() : new RecordHeaders(headers.toArray());
    }
}
