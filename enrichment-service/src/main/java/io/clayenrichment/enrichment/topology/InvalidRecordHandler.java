package io.clayenrichment.enrichment.topology;

import io.clayenrichment.common.deadletter.DeadLetterHeaders;
import io.clayenrichment.common.deadletter.DeadLetterReason;
import io.clayenrichment.common.topics.Topics;
import io.clayenrichment.enrichment.metrics.TopologyMetrics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' dead-letter support (KIP-1034) for records that do not deserialise: builds Streams'
 * own dead-letter record ({@link StreamsDeadLetter}: original key, value and headers plus
 * {@code __streams.errors.*}) and adds the contract's {@code dlq.*} headers, with reason
 * {@code invalid} and the parse error (which names the field) as detail. Processing then continues
 * with the next record: nothing crashes, nothing is lost.
 */
public final class InvalidRecordHandler implements DeserializationExceptionHandler {

    /** Config key under which the service passes its {@link TopologyMetrics} instance. */
    public static final String METRICS_CONFIG = "clay.enrichment.topology.metrics";
    /** Config key naming the requests topic, whose unreadable records count as invalid requests. */
    public static final String REQUESTS_TOPIC_CONFIG = "clay.enrichment.topology.requests.topic";

    private static final Logger LOG = LoggerFactory.getLogger(InvalidRecordHandler.class);

    private String deadLetterTopic;
    private TopologyMetrics metrics = TopologyMetrics.NONE;
    private String requestsTopic;

    /** The Streams settings that route deserialisation failures to {@code deadLetterTopic} through this handler. */
    public static Properties settings(Topics topics, TopologyMetrics metrics) {
        Properties properties = new Properties();
        properties.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topics.deadLetters().name());
        properties.put(REQUESTS_TOPIC_CONFIG, topics.requests().name());
        properties.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, InvalidRecordHandler.class);
        properties.put(METRICS_CONFIG, metrics);
        return properties;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        if (topic == null) {
            throw new IllegalStateException(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG
                    + " must name the dead-letter topic");
        }
        deadLetterTopic = topic.toString();
        requestsTopic = String.valueOf(configs.get(REQUESTS_TOPIC_CONFIG));
        if (configs.get(METRICS_CONFIG) instanceof TopologyMetrics given) {
            metrics = given;
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
            Exception exception) {
        String detail = detailOf(exception);
        LOG.warn("record {}-{}@{} cannot be read ({}); sent to {}", context.topic(), context.partition(),
                context.offset(), detail, deadLetterTopic);
        ProducerRecord<byte[], byte[]> deadLetter = StreamsDeadLetter.of(deadLetterTopic, context.sourceRawKey(),
                context.sourceRawValue(), context, exception);
        DeadLetterHeaders.stamp(deadLetter.headers(), DeadLetterReason.INVALID, detail, null, context.topic(),
                context.partition(), context.offset(), Instant.now());
        if (context.topic().equals(requestsTopic)) {
            metrics.requestRouted("unknown", TopologyMetrics.Route.DLQ, DeadLetterReason.INVALID.wire());
        }
        metrics.deadLettered(DeadLetterReason.INVALID.wire(), "unknown");
        return Response.resume(List.of(deadLetter));
    }

    /** The parse error as the serde phrased it ("field 'email': ..."), without Kafka's wrapping. */
    private static String detailOf(Exception exception) {
        Throwable cause = exception;
        while (cause != null && !(cause instanceof SerializationException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause == null ? null : cause.getMessage();
        return message == null ? exception.getClass().getSimpleName() : message;
    }
}
