package io.clayenrichment.enrichment.topology;

import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.schema.EnrichmentResult;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A compact binary form for the topology's internal records (the repartition topic and the attempts
 * store). They carry the original request bytes, which JSON would have to base64-encode; on the hot
 * path of every request this halves the bytes and the time spent encoding. The format is internal:
 * it starts with a version byte so that a later change can still read what an older version wrote.
 * Version 2 adds the Clay row template to a request (absent in version 1 records, which still read).
 * Numbers are big-endian, lengths are ints and -1 stands for null. Records are written into one
 * plain array and read from a {@link ByteBuffer}: the JDK's data streams synchronise on every byte.
 */
final class BinaryCodec {

    private static final byte VERSION = 2;
    private static final byte FIRST_VERSION = 1;
    private static final byte REQUEST = 1;
    private static final byte RESULT = 2;
    private static final byte FAILURE = 3;

    private BinaryCodec() {}

    static Serde<TenantEvent> tenantEvents() {
        return Serdes.serdeFrom((topic, event) -> event == null ? null : write(out -> writeEvent(out, event)),
                (topic, bytes) -> bytes == null ? null : read(bytes, BinaryCodec::readEvent));
    }

    static Serde<RequestEnvelope> requests() {
        return Serdes.serdeFrom((topic, request) -> request == null ? null : write(out -> writeRequest(out, request)),
                (topic, bytes) -> bytes == null ? null : read(bytes, BinaryCodec::readRequest));
    }

    static Serde<Attempt> attempts() {
        return Serdes.serdeFrom((topic, attempt) -> attempt == null ? null : write(out -> writeAttempt(out, attempt)),
                (topic, bytes) -> bytes == null ? null : read(bytes, BinaryCodec::readAttempt));
    }

    private static void writeEvent(Out out, TenantEvent event) {
        if (event.request() != null) {
            out.writeByte(REQUEST);
            writeRequest(out, event.request());
        } else if (event.result() != null) {
            out.writeByte(RESULT);
            out.writeBytes(Json.write(event.result()));
        } else {
            out.writeByte(FAILURE);
            DispatchFailure failure = event.failure();
            out.writeString(failure.correlationId());
            out.writeString(failure.contactKey());
            out.writeString(failure.reason());
            out.writeString(failure.detail());
        }
    }

    private static TenantEvent readEvent(In in) {
        byte kind = in.readByte();
        return switch (kind) {
            case REQUEST -> TenantEvent.of(readRequest(in));
            case RESULT -> TenantEvent.of(Json.read(in.readBytes(), EnrichmentResult.class));
            case FAILURE -> TenantEvent.of(new DispatchFailure(in.readString(), in.readString(), in.readString(),
                    in.readString()));
            default -> throw new SerializationException("unknown tenant event kind " + kind);
        };
    }

    private static void writeAttempt(Out out, Attempt attempt) {
        out.writeString(attempt.correlationId());
        out.writeLong(attempt.costMilli());
        out.writeString(attempt.dayId());
        out.writeString(attempt.monthId());
        out.writeLong(attempt.startedAtMs());
        out.writeLong(attempt.deadlineMs());
        writeRequest(out, attempt.request());
        out.writeInt(attempt.waiterCount());
    }

    private static Attempt readAttempt(In in) {
        String correlationId = in.readString();
        long cost = in.readLong();
        String dayId = in.readString();
        String monthId = in.readString();
        long startedAt = in.readLong();
        long deadline = in.readLong();
        RequestEnvelope request = readRequest(in);
        return new Attempt(correlationId, cost, dayId, monthId, startedAt, deadline, request, in.readInt());
    }

    private static void writeRequest(Out out, RequestEnvelope request) {
        out.writeString(request.tenant());
        out.writeString(request.contactKey());
        out.writeString(request.requestId());
        out.writeBoolean(request.force());
        out.writeBytes(request.rawKey());
        out.writeBytes(request.rawValue());
        out.writeInt(request.headers().size());
        for (HeaderValue header : request.headers()) {
            out.writeString(header.name());
            out.writeBytes(header.value());
        }
        out.writeString(request.sourceTopic());
        out.writeInt(request.sourcePartition());
        out.writeLong(request.sourceOffset());
        RowTemplate row = request.row();
        out.writeBytes(row == null ? null : row.json());
        out.writeInt(row == null ? 0 : row.requestedAtOffset());
    }

    private static RequestEnvelope readRequest(In in) {
        String tenant = in.readString();
        String contactKey = in.readString();
        String requestId = in.readString();
        boolean force = in.readBoolean();
        byte[] rawKey = in.readBytes();
        byte[] rawValue = in.readBytes();
        int headerCount = in.readInt();
        List<HeaderValue> headers = new ArrayList<>(headerCount);
        for (int i = 0; i < headerCount; i++) {
            headers.add(new HeaderValue(in.readString(), in.readBytes()));
        }
        String sourceTopic = in.readString();
        int sourcePartition = in.readInt();
        long sourceOffset = in.readLong();
        RowTemplate row = null;
        if (in.version() >= 2) {
            byte[] json = in.readBytes();
            int requestedAtOffset = in.readInt();
            row = json == null ? null : new RowTemplate(json, requestedAtOffset);
        }
        return new RequestEnvelope(tenant, contactKey, requestId, force, rawKey, rawValue, headers, sourceTopic,
                sourcePartition, sourceOffset, row);
    }

    private interface Writer {
        void write(Out out);
    }

    private interface Reader<T> {
        T read(In in);
    }

    private static byte[] write(Writer writer) {
        Out out = new Out();
        out.writeByte(VERSION);
        writer.write(out);
        return out.toByteArray();
    }

    private static <T> T read(byte[] bytes, Reader<T> reader) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            byte version = buffer.get();
            if (version < FIRST_VERSION || version > VERSION) {
                throw new SerializationException("unknown internal record version " + version);
            }
            return reader.read(new In(buffer, version));
        } catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new SerializationException("unreadable internal record: " + e, e);
        }
    }

    /** A growing byte array, written without locks. */
    private static final class Out {
        private byte[] bytes = new byte[512];
        private int size;

        void writeByte(int value) {
            ensure(1);
            bytes[size++] = (byte) value;
        }

        void writeBoolean(boolean value) {
            writeByte(value ? 1 : 0);
        }

        void writeInt(int value) {
            ensure(4);
            bytes[size++] = (byte) (value >>> 24);
            bytes[size++] = (byte) (value >>> 16);
            bytes[size++] = (byte) (value >>> 8);
            bytes[size++] = (byte) value;
        }

        void writeLong(long value) {
            writeInt((int) (value >>> 32));
            writeInt((int) value);
        }

        void writeBytes(byte[] value) {
            if (value == null) {
                writeInt(-1);
                return;
            }
            writeInt(value.length);
            ensure(value.length);
            System.arraycopy(value, 0, bytes, size, value.length);
            size += value.length;
        }

        void writeString(String text) {
            writeBytes(text == null ? null : text.getBytes(StandardCharsets.UTF_8));
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, size);
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }
    }

    /** Reads what {@link Out} wrote, knowing the version of the record. */
    private record In(ByteBuffer buffer, byte version) {

        byte readByte() {
            return buffer.get();
        }

        boolean readBoolean() {
            return buffer.get() != 0;
        }

        int readInt() {
            return buffer.getInt();
        }

        long readLong() {
            return buffer.getLong();
        }

        byte[] readBytes() {
            int length = length();
            if (length < 0) {
                return null;
            }
            byte[] bytes = new byte[length];
            buffer.get(bytes);
            return bytes;
        }

        String readString() {
            int length = length();
            if (length < 0) {
                return null;
            }
            String text = new String(buffer.array(), buffer.arrayOffset() + buffer.position(), length,
                    StandardCharsets.UTF_8);
            buffer.position(buffer.position() + length);
            return text;
        }

        /** The length that follows, -1 for null; anything else that cannot fit is a broken record. */
        private int length() {
            int length = buffer.getInt();
            if (length < -1 || length > buffer.remaining()) {
                throw new SerializationException("unreadable internal record: length " + length + " with "
                        + buffer.remaining() + " bytes left");
            }
            return length;
        }
    }
}
