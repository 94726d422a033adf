package io.clayenrichment.enrichment.topology;

import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.schema.DispatchReceipt;
import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.schema.Priority;
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
 *
 * <p>From version 5 on the format evolves without stopping the application (docs/upgrading.md, "The
 * internal record format"): every structure is framed by its length, later versions only append
 * fields at the end of a structure, and a reader skips what follows the fields it knows. So a reader
 * of version 5 reads the records of any later version, and a reader of a later version reads version
 * 5 records by taking the defaults of the fields they lack ({@link In#hasMore()}). A new kind of event,
 * or a field an older reader must not ignore, is written only once no older instance runs: an instance
 * writes {@code writeVersion}, which an operator keeps at the older version for the first rolling
 * restart of an upgrade ({@code INTERNAL_RECORD_VERSION}).
 */
final class BinaryCodec {

    /** The version this build writes unless told to write an older one. */
    static final byte VERSION = 5;
    /** The oldest version this build can write, for rolling upgrades from the builds that read only it. */
    static final byte OLDEST_WRITABLE = 4;
    /** The first version whose structures are framed by their length, so any later version reads. */
    private static final byte FIRST_FRAMED = 5;
    private static final byte FIRST_VERSION = 1;
    private static final byte REQUEST = 1;
    private static final byte RESULT = 2;
    /** A dispatcher's dead letter before version 3: read as a receipt that gives the row up unsent. */
    private static final byte LEGACY_FAILURE = 3;
    private static final byte RECEIPT = 4;

    private BinaryCodec() {}

    static Serde<TenantEvent> tenantEvents() {
        return tenantEvents(VERSION);
    }

    static Serde<TenantEvent> tenantEvents(byte writeVersion) {
        return serde(writeVersion, BinaryCodec::writeEvent, BinaryCodec::readEvent);
    }

    static Serde<RequestEnvelope> requests() {
        return requests(VERSION);
    }

    static Serde<RequestEnvelope> requests(byte writeVersion) {
        return serde(writeVersion, BinaryCodec::writeRequest, BinaryCodec::readRequest);
    }

    static Serde<Waiter> waiters() {
        return waiters(VERSION);
    }

    /** Waiters; those written before version 3 were whole requests, of which a waiter keeps its part. */
    static Serde<Waiter> waiters(byte writeVersion) {
        return serde(writeVersion, BinaryCodec::writeWaiter, in -> in.version() < 3 ? Waiter.of(readRequest(in))
                : readWaiter(in));
    }

    static Serde<OpenReservation> heldReservations() {
        return heldReservations(VERSION);
    }

    static Serde<OpenReservation> heldReservations(byte writeVersion) {
        return serde(writeVersion, BinaryCodec::writeHeld, BinaryCodec::readHeld);
    }

    static Serde<RecentCosts> recentCosts() {
        return recentCosts(VERSION);
    }

    static Serde<RecentCosts> recentCosts(byte writeVersion) {
        return serde(writeVersion, BinaryCodec::writeCosts, BinaryCodec::readCosts);
    }

    static Serde<Attempt> attempts() {
        return attempts(VERSION);
    }

    static Serde<Attempt> attempts(byte writeVersion) {
        return serde(writeVersion, BinaryCodec::writeAttempt, BinaryCodec::readAttempt);
    }

    /**
     * Checks a version an operator asked this instance to write.
     *
     * @throws IllegalArgumentException naming the versions it can write
     */
    static byte writable(int version) {
        if (version < OLDEST_WRITABLE || version > VERSION) {
            throw new IllegalArgumentException("this build writes internal record versions " + OLDEST_WRITABLE
                    + " to " + VERSION + ", not " + version);
        }
        return (byte) version;
    }

    private static <T> Serde<T> serde(byte writeVersion, Writer<T> writer, Reader<T> reader) {
        writable(writeVersion);
        return Serdes.serdeFrom((topic, value) -> value == null ? null : write(writeVersion, value, writer),
                (topic, bytes) -> bytes == null ? null : read(bytes, reader));
    }

    private static void writeEvent(Out out, TenantEvent event) {
        if (event instanceof RequestEnvelope request) {
            out.writeByte(REQUEST);
            writeRequest(out, request);
        } else if (event instanceof TenantEvent.ClayResult result) {
            out.writeByte(RESULT);
            int frame = out.beginFrame();
            out.writeBytes(Json.write(result.result()));
            out.endFrame(frame);
        } else if (event instanceof TenantEvent.RowReceipt receipt) {
            out.writeByte(RECEIPT);
            int frame = out.beginFrame();
            out.writeBytes(Json.write(receipt.receipt()));
            out.endFrame(frame);
        } else {
            throw new IllegalArgumentException("not a tenant event: " + event);
        }
    }

    private static TenantEvent readEvent(In in) {
        byte kind = in.readByte();
        return switch (kind) {
            case REQUEST -> readRequest(in);
            case RESULT -> TenantEvent.of(Json.read(in.frame().readBytes(), EnrichmentResult.class));
            case RECEIPT -> TenantEvent.of(Json.read(in.frame().readBytes(), DispatchReceipt.class));
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
        int frame = out.beginFrame();
        out.writeString(attempt.correlationId());
        writeReservation(out, attempt.reservation());
        out.writeLong(attempt.startedAtMs());
        out.writeLong(attempt.deadlineMs());
        writeRequest(out, attempt.request());
        out.writeInt(attempt.waiterCount());
        out.writeBoolean(attempt.sent());
        out.endFrame(frame);
    }

    private static Attempt readAttempt(In whole) {
        In in = whole.frame();
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
        int frame = out.beginFrame();
        out.writeLong(reservation.costMilli());
        out.writeString(reservation.dayId());
        out.writeString(reservation.monthId());
        out.writeBoolean(reservation.leased());
        out.endFrame(frame);
    }

    private static Reservation readReservation(In whole) {
        In in = whole.frame();
        return new Reservation(in.readLong(), in.readString(), in.readString(), in.version() >= 4 && in.readBoolean());
    }

    private static void writeHeld(Out out, OpenReservation held) {
        int frame = out.beginFrame();
        out.writeString(held.contactKey());
        writeReservation(out, held.reservation());
        out.writeLong(held.startedAtMs());
        out.writeLong(held.keepUntilMs());
        out.writeBoolean(held.sent());
        out.endFrame(frame);
    }

    private static OpenReservation readHeld(In whole) {
        In in = whole.frame();
        return new OpenReservation(in.readString(), readReservation(in), in.readLong(), in.readLong(),
                in.readBoolean());
    }

    private static void writeCosts(Out out, RecentCosts costs) {
        int frame = out.beginFrame();
        long[] values = costs.costsMilli();
        out.writeInt(values.length);
        for (long value : values) {
            out.writeLong(value);
        }
        out.endFrame(frame);
    }

    private static RecentCosts readCosts(In whole) {
        In in = whole.frame();
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
        int frame = out.beginFrame();
        out.writeString(waiter.requestId());
        writeOriginal(out, waiter);
        out.endFrame(frame);
    }

    private static Waiter readWaiter(In whole) {
        In in = whole.frame();
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
        int frame = out.beginFrame();
        out.writeString(request.tenant());
        out.writeString(request.contactKey());
        out.writeString(request.requestId());
        out.writeBoolean(request.force());
        writeOriginal(out, request);
        RowTemplate row = request.row();
        out.writeBytes(row == null ? null : row.json());
        out.writeInt(row == null ? 0 : row.requestedAtOffset());
        if (out.framed) {
            // appended in version 5: a reader of a version 5 record written before lanes existed takes normal
            out.writeByte(laneCode(request.lane()));
        }
        out.endFrame(frame);
    }

    private static int laneCode(Priority lane) {
        return switch (lane) {
            case NORMAL -> 0;
            case URGENT -> 1;
            case BACKFILL -> 2;
        };
    }

    /** A lane code this build does not know (a later one's) reads as normal, the lane every request may take. */
    private static Priority lane(byte code) {
        return switch (code) {
            case 1 -> Priority.URGENT;
            case 2 -> Priority.BACKFILL;
            default -> Priority.NORMAL;
        };
    }

    private static RequestEnvelope readRequest(In whole) {
        In in = whole.frame();
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
        Priority lane = in.hasMore() ? lane(in.readByte()) : Priority.NORMAL;
        return new RequestEnvelope(tenant, contactKey, requestId, force, rawKey, rawValue, headers, sourceTopic,
                sourcePartition, sourceOffset, row, lane);
    }

    private interface Writer<T> {
        void write(Out out, T value);
    }

    private interface Reader<T> {
        T read(In in);
    }

    private static <T> byte[] write(byte version, T value, Writer<T> writer) {
        Out out = new Out(version >= FIRST_FRAMED);
        out.writeByte(version);
        writer.write(out, value);
        return out.toByteArray();
    }

    private static <T> T read(byte[] bytes, Reader<T> reader) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            byte version = buffer.get();
            // any version from the first framed one on reads: a later one only appended fields
            if (version < FIRST_VERSION) {
                throw new SerializationException("unknown internal record version " + version);
            }
            return reader.read(new In(buffer, version));
        } catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new SerializationException("unreadable internal record: " + e, e);
        }
    }

    /** A growing byte array, written without locks. */
    private static final class Out {
        private final boolean framed;
        private byte[] bytes = new byte[512];
        private int size;

        Out(boolean framed) {
            this.framed = framed;
        }

        /** Starts a structure: where its length goes, once {@link #endFrame} knows it (versions before 5: none). */
        int beginFrame() {
            if (!framed) {
                return -1;
            }
            writeInt(0);
            return size;
        }

        void endFrame(int start) {
            if (start < 0) {
                return;
            }
            int length = size - start;
            bytes[start - 4] = (byte) (length >>> 24);
            bytes[start - 3] = (byte) (length >>> 16);
            bytes[start - 2] = (byte) (length >>> 8);
            bytes[start - 1] = (byte) length;
        }

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

        /**
         * The structure that starts here, read on its own: whatever a later version appended to it is
         * skipped when its known fields have been read. Records before version 5 have no frames.
         */
        In frame() {
            if (version < FIRST_FRAMED) {
                return this;
            }
            int length = length();
            if (length < 0) {
                throw new SerializationException("unreadable internal record: a structure of length " + length);
            }
            ByteBuffer structure = buffer.slice(buffer.position(), length);
            buffer.position(buffer.position() + length);
            return new In(structure, version);
        }

        /**
         * Whether the structure has more fields: a field a later version appended is absent in older
         * records. Never before version 5, whose structures are not framed: what follows a structure
         * there is the next one.
         */
        boolean hasMore() {
            return version >= FIRST_FRAMED && buffer.hasRemaining();
        }

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
