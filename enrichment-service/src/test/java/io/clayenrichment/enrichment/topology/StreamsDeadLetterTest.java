package io.clayenrichment.enrichment.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link StreamsDeadLetter} builds, from public API, the very record Kafka Streams' own handlers
 * build internally: the same key, value, timestamp and headers, in the same order. Kafka's public
 * {@link LogAndContinueExceptionHandler} makes the reference record, so a Kafka upgrade that changes
 * the {@code __streams.errors.*} headers fails here.
 */
class StreamsDeadLetterTest {

    private static final String DEAD_LETTERS = "dlq.test";

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void isTheRecordKafkaStreamsOwnHandlerBuilds(boolean withMessage) {
        RecordHeaders original = new RecordHeaders();
        original.add("traceparent", "00-abc-01".getBytes(StandardCharsets.UTF_8));
        Context context = new Context("enrichment.requests", 4, 1234L, original, 1_700_000_000_000L,
                "k1".getBytes(StandardCharsets.UTF_8), "{\"email\": ".getBytes(StandardCharsets.UTF_8));
        Exception failure = new SerializationException(withMessage ? "field 'email': malformed JSON" : null);

        ProducerRecord<byte[], byte[]> ours = StreamsDeadLetter.of(DEAD_LETTERS, context.sourceRawKey(),
                context.sourceRawValue(), context, failure);
        ProducerRecord<byte[], byte[]> streams = streamsOwn(context, failure);

        assertThat(ours.topic()).isEqualTo(streams.topic()).isEqualTo(DEAD_LETTERS);
        assertThat(ours.partition()).isEqualTo(streams.partition()).isNull();
        assertThat(ours.timestamp()).isEqualTo(streams.timestamp()).isEqualTo(1_700_000_000_000L);
        assertThat(ours.key()).isEqualTo(streams.key());
        assertThat(ours.value()).isEqualTo(streams.value());
        assertThat(headers(ours.headers())).isEqualTo(headers(streams.headers()));
        assertThat(ours.headers().lastHeader(StreamsDeadLetter.EXCEPTION).value())
                .isEqualTo(SerializationException.class.getName().getBytes(StandardCharsets.UTF_8));
        assertThat(ours.headers().lastHeader(StreamsDeadLetter.OFFSET).value())
                .isEqualTo("1234".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyHeaderNameIsOneStreamsWrites() {
        Context context = new Context("t", 0, 0L, new RecordHeaders(), 0L, null, null);
        ProducerRecord<byte[], byte[]> streams = streamsOwn(context, new IllegalStateException("boom"));

        assertThat(Arrays.stream(streams.headers().toArray()).map(Header::key).toList()).containsExactly(
                StreamsDeadLetter.EXCEPTION, StreamsDeadLetter.MESSAGE, StreamsDeadLetter.STACKTRACE,
                StreamsDeadLetter.TOPIC, StreamsDeadLetter.PARTITION, StreamsDeadLetter.OFFSET)
                .allSatisfy(name -> assertThat(name).startsWith(StreamsDeadLetter.HEADER_PREFIX));
    }

    private static ProducerRecord<byte[], byte[]> streamsOwn(Context context, Exception failure) {
        LogAndContinueExceptionHandler handler = new LogAndContinueExceptionHandler();
        handler.configure(Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, DEAD_LETTERS));
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(context.topic(), context.partition(),
                context.offset(), context.sourceRawKey(), context.sourceRawValue());
        List<ProducerRecord<byte[], byte[]>> letters = handler.handleError(context, record, failure)
                .deadLetterQueueRecords();
        assertThat(letters).hasSize(1);
        return letters.get(0);
    }

    /** Header names and values, in order, comparable. */
    private static List<String> headers(Headers headers) {
        return Arrays.stream(headers.toArray()).map(header -> header.key() + "="
                + (header.value() == null ? "<none>" : new String(header.value(), StandardCharsets.UTF_8))).toList();
    }

    private record Context(String topic, int partition, long offset, Headers headers, long timestamp,
            byte[] sourceRawKey, byte[] sourceRawValue) implements ErrorHandlerContext {

        @Override
        public String processorNodeId() {
            return "requests";
        }

        @Override
        public TaskId taskId() {
            return new TaskId(0, partition);
        }
    }
}
