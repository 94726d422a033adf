package io.clayenrichment.enrichment.topology;

import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.schema.EnrichmentResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A compact binary form for the topology's internal records (the repartition topic and the attempts
 * store). They carry the original request bytes, which JSON would have to base64-encode; on the hot
 * path of every request this halves the bytes and the time spent encoding. The format is internal:
 * it starts with a version byte so that a later change can still read what an older version wrote.
 */
final class BinaryCodec {

    private static final byte VERSION = 1;
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

    private static void writeEvent(DataOutputStream out, TenantEvent event) throws IOException {
        if (event.request() != null) {
            out.writeByte(REQUEST);
            writeRequest(out, event.request());
        } else if (event.result() != null) {
            out.writeByte(RESULT);
            writeBytes(out, Json.write(event.result()));
        } else {
            out.writeByte(FAILURE);
            DispatchFailure failure = event.failure();
            writeString(out, failure.correlationId());
            writeString(out, failure.contactKey());
            writeString(out, failure.reason());
            writeString(out, failure.detail());
        }
    }

    private static TenantEvent readEvent(DataInputStream in) throws IOException {
        byte kind = in.readByte();
        return switch (kind) {
            case REQUEST -> TenantEvent.of(readRequest(in));
            case RESULT -> TenantEvent.of(Json.read(readBytes(in), EnrichmentResult.class));
            case FAILURE -> TenantEvent.of(new DispatchFailure(readString(in), readString(in), readString(in),
                    readString(in)));
            default -> throw new SerializationException("unknown tenant event kind " + kind);
        };
    }

    private static void writeAttempt(DataOutputStream out, Attempt attempt) throws IOException {
        writeString(out, attempt.correlationId());
        out.writeLong(attempt.costMilli());
        writeString(out, attempt.dayId());
        writeString(out, attempt.monthId());
        out.writeLong(attempt.startedAtMs());
        out.writeLong(attempt.deadlineMs());
        writeRequest(out, attempt.request());
        out.writeInt(attempt.waiterCount());
    }

    private static Attempt readAttempt(DataInputStream in) throws IOException {
        String correlationId = readString(in);
        long cost = in.readLong();
        String dayId = readString(in);
        String monthId = readString(in);
        long startedAt = in.readLong();
        long deadline = in.readLong();
        RequestEnvelope request = readRequest(in);
        return new Attempt(correlationId, cost, dayId, monthId, startedAt, deadline, request, in.readInt());
    }

    private static void writeRequest(DataOutputStream out, RequestEnvelope request) throws IOException {
        writeString(out, request.tenant());
        writeString(out, request.contactKey());
        writeString(out, request.requestId());
        out.writeBoolean(request.force());
        writeBytes(out, request.rawKey());
        writeBytes(out, request.rawValue());
        out.writeInt(request.headers().size());
        for (HeaderValue header : request.headers()) {
            writeString(out, header.name());
            writeBytes(out, header.value());
        }
        writeString(out, request.sourceTopic());
        out.writeInt(request.sourcePartition());
        out.writeLong(request.sourceOffset());
    }

    private static RequestEnvelope readRequest(DataInputStream in) throws IOException {
        String tenant = readString(in);
        String contactKey = readString(in);
        String requestId = readString(in);
        boolean force = in.readBoolean();
        byte[] rawKey = readBytes(in);
        byte[] rawValue = readBytes(in);
        int headerCount = in.readInt();
        List<HeaderValue> headers = new ArrayList<>(headerCount);
        for (int i = 0; i < headerCount; i++) {
            headers.add(new HeaderValue(readString(in), readBytes(in)));
        }
        return new RequestEnvelope(tenant, contactKey, requestId, force, rawKey, rawValue, headers, readString(in),
                in.readInt(), in.readLong());
    }

    private static void writeString(DataOutputStream out, String text) throws IOException {
        writeBytes(out, text == null ? null : text.getBytes(StandardCharsets.UTF_8));
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] bytes = readBytes(in);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        if (bytes == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(bytes.length);
            out.write(bytes);
        }
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        return length < 0 ? null : in.readNBytes(length);
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static <T> T read(byte[] bytes, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new SerializationException("unknown internal record version " + version);
            }
            return reader.read(in);
        } catch (IOException e) {
            throw new SerializationException("unreadable internal record: " + e.getMessage(), e);
        }
    }
}
