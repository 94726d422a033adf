package io.clayenrichment.enrichment.topology;

import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.schema.DispatchReceipt;
import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.enrichment.budget.RecentCosts;
import io.clayenrichment.enrichment.budget.Reservation;
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
 * Version 3 adds dispatcher receipts (in place of dispatcher failures), whether an attempt's row was
 * sent, waiters that keep only what their answer needs, held reservations and recent costs; records
 * of versions 1 and 2 still read. Version 4 marks a reservation taken from a workspace lease.
 * Numbers are big-endian, lengths are ints and -1 stands for null. Records are written into one
 * plain array and read from a {@link ByteBuffer}: the JDK's data streams synchronise on every byte.
 */
final class BinaryCodec {

    private static final byte VERSION = 4;
    private static final byte FIRST_VERSION = 1;
    private static final byte REQUEST = 1;
    private static final byte RESULT = 2;
    /** A dispatcher's dead letter before version 3: read as a receipt that gives the row up unsent. */
    private static final byte LEGACY_FAILURE = 3;
    private static final byte RECEIPT = 4;

    private BinaryCodec() {}

    static Serde<TenantEvent> tenantEvents() {
        return Serdes.serdeFrom((topic, event) -> event == null ? null : write(out -> writeEvent(out, event)),
                (topic, bytes) -> bytes == null ? null : read(bytes, BinaryCodec::readEvent));
    }

    static Serde<RequestEnvelope> requests() {
        return Serdes.serdeFrom((topic, request) -> request == null ? null : write(out -> writeRequest(out, request)),
                (topic, bytes) -> bytes == null ? null : read(bytes, BinaryCodec::readRequest));
    }

    /** Waiters; those written before version 3 were whole requests, of which a waiter keeps its part. */
    static Serde<Waiter> waiters() {
        return Serdes.serdeFrom((topic, waiter) -> waiter == null ? null : write(out -> writeWaiter(out, waiter)),
                (topic, bytes) -> bytes == null ? null : read(bytes, in -> in.version() < 3
                        ? Waiter.of(readRequest(in)) : readWaiter(in)));
    }

    static Serde<OpenReservation> heldReservations() {
        return Serdes.serdeFrom((topic, held) -> held == null ? null : write(out -> writeHeld(out, held)),
                (topic, bytes) -> bytes == null ? null : read(bytes, BinaryCodec::readHeld));
    }

    static Serde<RecentCosts> recentCosts() {
        return Serdes.serdeFrom((topic, costs) -> costs == null ? null : write(out -> writeCosts(out, costs)),
                (topic, bytes) -> bytes == null ? null : read(bytes, BinaryCodec::readCosts));
    }

    static Serde<Attempt> attempts() {
        return Serdes.serdeFrom((topic, attempt) -> attempt == null ? null : write(out -> writeAttempt(out, attempt)),
                (topic, bytes) -> bytes == null ? null : read(bytes, BinaryCodec::readAttempt));
    }

    private static void writeEvent(Out out, TenantEvent event) {
        if (event instanceof RequestEnvelope request) {
            out.writeByte(REQUEST);
            writeRequest(out, request);
        } else if (event instanceof TenantEvent.ClayResult result) {
            out.writeByte(RESULT);
            out.writeBytes(Json.write(result.result()));
        } else if (event instanceof TenantEvent.RowReceipt receipt) {
            out.writeByte(RECEIPT);
            out.writeBytes(Json.write(receipt.receipt()));
        } else {
            throw new IllegalArgumentException("not a tenant event: " + event);
        }
    }

    private static TenantEvent readEvent(In in) {
        byte kind = in.readByte();
        return switch (kind) {
            case REQUEST -> readRequest(in);
            case RESULT -> TenantEvent.of(Json.read(in.readBytes(), EnrichmentResult.class));
            case RECEIPT -> TenantEvent.of(Json.read(in.readBytes(), DispatchReceipt.class));
            case LEGACY_FAILURE -> TenantEvent.of(legacyFailure(in.readString(), in.readString(), in.readString(),
                    in.readString()));
            default -> throw new SerializationException("unknown tenant event kind " + kind);
        };
    }

    /** Before version 3 the dispatcher dead-lettered a row itself, before any POST reached Clay or after Clay refused it. */
    private static DispatchReceipt legacyFailure(String correlationId, String contactKey, String reason, String detail) {
        return new DispatchReceipt(correlationId, null, contactKey, null, DispatchReceipt.Stage.FAILED,
                DispatchReceipt.Reach.NO, reason, detail, null);
    }

    private static void writeAttempt(Out out, Attempt attempt) {
        out.writeString(attempt.correlationId());
        writeReservation(out, attempt.reservation());
        out.writeLong(attempt.startedAtMs());
        out.writeLong(attempt.deadlineMs());
        writeRequest(out, attempt.request());
        out.writeInt(attempt.waiterCount());
        out.writeBoolean(attempt.sent());
    }

    private static Attempt readAttempt(In in) {
        String correlationId = in.readString();
        Reservation reservation = readReservation(in);
        long startedAt = in.readLong();
        long deadline = in.readLong();
        RequestEnvelope request = readRequest(in);
        int waiters = in.readInt();
        boolean sent = in.version() >= 3 && in.readBoolean();
        return new Attempt(correlationId, reservation, startedAt, deadline, request, waiters, sent);
    }

    private static void writeReservation(Out out, Reservation reservation) {
        out.writeLong(reservation.costMilli());
        out.writeString(reservation.dayId());
        out.writeString(reservation.monthId());
        out.writeBoolean(reservation.leased());
    }

    private static Reservation readReservation(In in) {
        return new Reservation(in.readLong(), in.readString(), in.readString(), in.version() >= 4 && in.readBoolean());
    }

    private static void writeHeld(Out out, OpenReservation held) {
        out.writeString(held.contactKey());
        writeReservation(out, held.reservation());
        out.writeLong(held.startedAtMs());
        out.writeLong(held.keepUntilMs());
        out.writeBoolean(held.sent());
    }

    private static OpenReservation readHeld(In in) {
        return new OpenReservation(in.readString(), readReservation(in), in.readLong(), in.readLong(),
                in.readBoolean());
    }

    private static void writeCosts(Out out, RecentCosts costs) {
        long[] values = costs.costsMilli();
        out.writeInt(values.length);
        for (long value : values) {
            out.writeLong(value);
        }
    }

    private static RecentCosts readCosts(In in) {
        int count = in.readInt();
        if (count < 0 || count > in.buffer().remaining() / Long.BYTES) {
            throw new SerializationException("unreadable recent costs: " + count + " entries");
        }
        long[] values = new long[count];
        for (int i = 0; i < count; i++) {
            values[i] = in.readLong();
        }
        return new RecentCosts(values);
    }

    private static void writeWaiter(Out out, Waiter waiter) {
        out.writeString(waiter.requestId());
        writeOriginal(out, waiter);
    }

    private static Waiter readWaiter(In in) {
        String requestId = in.readString();
        byte[] rawKey = in.readBytes();
        byte[] rawValue = in.readBytes();
        List<HeaderValue> headers = readHeaders(in);
        return new Waiter(requestId, rawKey, rawValue, headers, in.readString(), in.readInt(), in.readLong());
    }

    /** The original record's part of a request or waiter: key, value, headers, where it was read. */
    private static void writeOriginal(Out out, Original original) {
        out.writeBytes(original.rawKey());
        out.writeBytes(original.rawValue());
        out.writeInt(original.headers().size());
        for (HeaderValue header : original.headers()) {
            out.writeString(header.name());
            out.writeBytes(header.value());
        }
        out.writeString(original.sourceTopic());
        out.writeInt(original.sourcePartition());
        out.writeLong(original.sourceOffset());
    }

    private static List<HeaderValue> readHeaders(In in) {
        int headerCount = in.readInt();
        if (headerCount < 0 || headerCount > in.buffer().remaining()) {
            throw new SerializationException("unreadable internal record: " + headerCount + " headers");
        }
        List<HeaderValue> headers = new ArrayList<>(headerCount);
        for (int i = 0; i < headerCount; i++) {
            headers.add(new HeaderValue(in.readString(), in.readBytes()));
        }
        return headers;
    }

    private static void writeRequest(Out out, RequestEnvelope request) {
        out.writeString(request.tenant());
        out.writeString(request.contactKey());
        out.writeString(request.requestId());
        out.writeBoolean(request.force());
        writeOriginal(out, request);
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
        List<HeaderValue> headers = readHeaders(in);
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
