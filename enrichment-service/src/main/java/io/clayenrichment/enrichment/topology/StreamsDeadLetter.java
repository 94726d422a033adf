package io.clayenrichment.enrichment.topology;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * Kafka Streams' own dead-letter record (KIP-1034), as its handlers build it when
 * {@code errors.dead.letter.queue.topic.name} is set: the failed record's raw key, value, timestamp
 * and headers, plus the {@code __streams.errors.*} headers below. Streams builds it in an internal
 * class; this is the same record from public API only, so that no upgrade of Kafka can change or
 * remove what dead letters carry without a test noticing (StreamsDeadLetterTest compares the two).
 * The header names are part of the contract ({@code ARCHITECTURE.md}: "where Kafka Streams' own
 * handlers produce them").
 */
public final class StreamsDeadLetter {

    /** Every header below starts so; {@code dlq replay} drops them from the request it rebuilds. */
    public static final String HEADER_PREFIX = "__streams.errors.";
    /** The exception's class name. */
    public static final String EXCEPTION = HEADER_PREFIX + "exception";
    /** The exception's message; a header without a value when it has none. */
    public static final String MESSAGE = HEADER_PREFIX + "message";
    /** The exception's stack trace as {@link Throwable#printStackTrace()} prints it. */
    public static final String STACKTRACE = HEADER_PREFIX + "stacktrace";
    public static final String TOPIC = HEADER_PREFIX + "topic";
    public static final String PARTITION = HEADER_PREFIX + "partition";
    public static final String OFFSET = HEADER_PREFIX + "offset";

    private StreamsDeadLetter() {}

    /** The dead letter for {@code topic} of the record {@code context} describes, failed with {@code exception}. */
    public static ProducerRecord<byte[], byte[]> of(String topic, byte[] key, byte[] value,
            ErrorHandlerContext context, Exception exception) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, context.timestamp(), key, value);
        Headers headers = record.headers();
        if (context.headers() != null) {
            for (Header header : context.headers()) {
                headers.add(header);
            }
        }
        StringWriter stackTrace = new StringWriter();
        exception.printStackTrace(new PrintWriter(stackTrace));
        headers.add(EXCEPTION, utf8(exception.getClass().getName()));
        headers.add(MESSAGE, utf8(exception.getMessage()));
        headers.add(STACKTRACE, utf8(stackTrace.toString()));
        headers.add(TOPIC, utf8(context.topic()));
        headers.add(PARTITION, utf8(String.valueOf(context.partition())));
        headers.add(OFFSET, utf8(String.valueOf(context.offset())));
        return record;
    }

    /** As Streams writes them (its string serializer): UTF-8, and no value for null. */
    private static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
