package io.clayenrichment.enrichment.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clayenrichment.common.schema.DispatchReceipt;
import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.schema.Priority;
import io.clayenrichment.enrichment.budget.RecentCosts;
import io.clayenrichment.enrichment.budget.Reservation;
import io.clayenrichment.common.schema.ResultSource;
import io.clayenrichment.common.schema.ResultStatus;
import io.clayenrichment.common.testing.Seeds;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class BinaryCodecTest {

    @Test
    void anyAttemptAndEventReadsBackAsWritten() {
        var attempts = BinaryCodec.attempts();
        var events = BinaryCodec.tenantEvents();
        Seeds.check(2000, random -> {
            Attempt attempt = new Attempt(text(random), new Reservation(random.nextLong(), text(random), text(random)),
                    random.nextLong(), random.nextLong(), envelope(random), random.nextInt(1000), random.nextBoolean());
            Attempt back = attempts.deserializer().deserialize("t", attempts.serializer().serialize("t", attempt));
            assertThat(back).usingRecursiveComparison().isEqualTo(attempt);
            var requests = BinaryCodec.requests();
            RequestEnvelope request = envelope(random);
            assertThat(requests.deserializer().deserialize("t", requests.serializer().serialize("t", request)))
                    .usingRecursiveComparison().isEqualTo(request);

            TenantEvent event = switch (random.nextInt(3)) {
                case 0 -> TenantEvent.of(envelope(random));
                case 1 -> TenantEvent.of(new DispatchReceipt(text(random), text(random), text(random), text(random),
                        DispatchReceipt.Stage.values()[random.nextInt(4)], DispatchReceipt.Reach.values()[random.nextInt(3)],
                        random.nextBoolean() ? null : text(random), text(random), Instant.ofEpochMilli(random.nextInt())));
                default -> TenantEvent.of(new EnrichmentResult(text(random), text(random), text(random), text(random),
                        ResultStatus.SUCCESS, ResultSource.CLAY, Map.of("k", "v"), 1.5, Instant.ofEpochSecond(7), null));
            };
            TenantEvent eventBack = events.deserializer().deserialize("t", events.serializer().serialize("t", event));
            assertThat(eventBack).usingRecursiveComparison().isEqualTo(event);

            Waiter waiter = Waiter.of(envelope(random));
            var waiters = BinaryCodec.waiters();
            assertThat(waiters.deserializer().deserialize("t", waiters.serializer().serialize("t", waiter)))
                    .usingRecursiveComparison().isEqualTo(waiter);
            OpenReservation held = new OpenReservation(text(random), new Reservation(random.nextLong(), text(random),
                    text(random)), random.nextLong(), random.nextLong(), random.nextBoolean());
            var helds = BinaryCodec.heldReservations();
            assertThat(helds.deserializer().deserialize("t", helds.serializer().serialize("t", held))).isEqualTo(held);
            long[] costs = random.longs(random.nextInt(RecentCosts.CAPACITY + 1)).toArray();
            var recent = BinaryCodec.recentCosts();
            assertThat(recent.deserializer().deserialize("t", recent.serializer().serialize("t", new RecentCosts(costs))))
                    .isEqualTo(new RecentCosts(costs));
        });
    }

    @Test
    void aWaiterWrittenAsAWholeRequestBeforeVersionThreeReadsAsItsWaiterPart() {
        RequestEnvelope request = new RequestEnvelope("acme", "email:a@b.c", "r1", true, "k".getBytes(),
                "{}".getBytes(), List.of(new HeaderValue("h", new byte[] {1})), "enrichment.requests", 2, 40, null);
        // version 4 has the layout of version 2 for a request without a template
        byte[] version2 = BinaryCodec.requests((byte) 4).serializer().serialize("t", request);
        version2[0] = 2;

        Waiter waiter = BinaryCodec.waiters().deserializer().deserialize("t", version2);

        assertThat(waiter).usingRecursiveComparison().isEqualTo(Waiter.of(request));
    }

    @Test
    void aVersionOneRequestStillReadsWithoutARowTemplate() {
        // written by the codec before the row template (version 1): tenant, contact key, request id, force,
        // key (null), value, no headers, source topic, partition, offset
        byte[] v1 = {1, 1, 0, 0, 0, 1, 'a', 0, 0, 0, 1, 'k', -1, -1, -1, -1, 1, -1, -1, -1, -1, 0, 0, 0, 2, '{', '}',
            0, 0, 0, 0, 0, 0, 0, 1, 't', 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 9};
        TenantEvent event = BinaryCodec.tenantEvents().deserializer().deserialize("t", v1);
        assertThat(event).usingRecursiveComparison().isEqualTo(new RequestEnvelope("a", "k", null, true,
                null, "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8), List.of(), "t", 3, 9, null));
    }

    @Test
    void aTruncatedRecordIsRefusedNotMisread() {
        byte[] bytes = BinaryCodec.requests().serializer().serialize("t", new RequestEnvelope("a", "k", "r", false,
                null, new byte[] {1, 2, 3}, List.of(), "t", 0, 0, null));
        for (int length = 1; length < bytes.length; length++) {
            byte[] cut = java.util.Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> BinaryCodec.requests().deserializer().deserialize("t", cut))
                    .isInstanceOf(SerializationException.class);
        }
    }

    @Test
    void aVersionBeforeTheFirstIsRefusedNotMisread() {
        assertThatThrownBy(() -> BinaryCodec.attempts().deserializer().deserialize("t", new byte[] {0, 0, 0}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("version 0");
    }

    @Test
    void aLaterVersionReadsWithTheFieldsItAppendedSkipped() {
        // what a later build may write: version 7, a field appended to the reservation and one to the held record
        ByteBuffer future = ByteBuffer.allocate(200);
        future.put((byte) 7);
        int held = frame(future);
        string(future, "email:ada@example.com");
        int reservation = frame(future);
        future.putLong(2_000);
        string(future, "2026-12-02");
        string(future, "2026-12");
        future.put((byte) 1);
        future.putInt(42);
        close(future, reservation);
        future.putLong(10);
        future.putLong(20);
        future.put((byte) 1);
        string(future, "appended later");
        close(future, held);

        OpenReservation read = BinaryCodec.heldReservations().deserializer().deserialize("t",
                java.util.Arrays.copyOf(future.array(), future.position()));

        assertThat(read).isEqualTo(new OpenReservation("email:ada@example.com",
                new Reservation(2_000, "2026-12-02", "2026-12", true), 10, 20, true));
    }

    @Test
    void aVersion5RequestWrittenBeforeLanesExistedReadsAsNormalAndItsLaneOtherwiseReadsBack() {
        var requests = BinaryCodec.requests();
        RequestEnvelope urgent = new RequestEnvelope("acme", "email:ada@example.com", "r1", false, null,
                "{}".getBytes(), List.of(), "enrichment.requests", 0, 7L, null, Priority.URGENT);
        byte[] written = requests.serializer().serialize("t", urgent);
        assertThat(requests.deserializer().deserialize("t", written).lane()).isEqualTo(Priority.URGENT);

        // the same record as the build before lanes wrote it: one byte shorter, its frame's length with it
        ByteBuffer before = ByteBuffer.wrap(java.util.Arrays.copyOf(written, written.length - 1));
        before.putInt(1, before.getInt(1) - 1);
        RequestEnvelope read = requests.deserializer().deserialize("t", before.array());
        assertThat(read.lane()).isEqualTo(Priority.NORMAL);
        assertThat(read).usingRecursiveComparison().ignoringFields("lane").isEqualTo(urgent);
    }

    @Test
    void version4IsWrittenForARollingUpgradeFromTheBuildThatReadsOnlyIt() {
        Seeds.check(500, random -> {
            Attempt attempt = new Attempt(text(random), new Reservation(random.nextLong(), text(random), text(random),
                    random.nextBoolean()), random.nextLong(), random.nextLong(), envelope(random), random.nextInt(1000),
                    random.nextBoolean());
            byte[] version4 = BinaryCodec.attempts((byte) 4).serializer().serialize("t", attempt);
            byte[] version5 = BinaryCodec.attempts().serializer().serialize("t", attempt);

            assertThat(version4[0]).isEqualTo((byte) 4);
            // version 4 has no frames: one length per structure (attempt, reservation, request) fewer, and no lane
            assertThat(version5.length - version4.length).isEqualTo(3 * Integer.BYTES + 1);
            // what version 4 cannot say reads as its default: the request's lane is normal
            assertThat(BinaryCodec.attempts().deserializer().deserialize("t", version4)).usingRecursiveComparison()
                    .ignoringFields("request.lane").isEqualTo(attempt);
            assertThat(BinaryCodec.attempts().deserializer().deserialize("t", version4).request().lane())
                    .isEqualTo(Priority.NORMAL);
            Waiter waiter = Waiter.of(envelope(random));
            assertThat(BinaryCodec.waiters().deserializer().deserialize("t",
                    BinaryCodec.waiters((byte) 4).serializer().serialize("t", waiter))).usingRecursiveComparison()
                    .isEqualTo(waiter);
        });
        assertThatThrownBy(() -> BinaryCodec.attempts((byte) 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4 to 5");
    }

    /** Reserves a structure's length; {@link #close} writes it. */
    private static int frame(ByteBuffer out) {
        out.putInt(0);
        return out.position();
    }

    private static void close(ByteBuffer out, int start) {
        out.putInt(start - Integer.BYTES, out.position() - start);
    }

    private static void string(ByteBuffer out, String text) {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.putInt(bytes.length).put(bytes);
    }

    private static RequestEnvelope envelope(Random random) {
        List<HeaderValue> headers = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            headers.add(new HeaderValue(text(random), random.nextBoolean() ? null : bytes(random)));
        }
        return new RequestEnvelope(text(random), text(random), random.nextBoolean() ? null : text(random),
                random.nextBoolean(), random.nextBoolean() ? null : bytes(random), bytes(random), headers, text(random),
                random.nextInt(), random.nextLong(),
                random.nextBoolean() ? null : new RowTemplate(bytes(random), random.nextInt(300)),
                Priority.ALL.get(random.nextInt(Priority.ALL.size())));
    }

    private static String text(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(20); i > 0; i--) {
            text.appendCodePoint(random.nextInt(4) == 0 ? 0x1F600 + random.nextInt(50) : 32 + random.nextInt(0x2000));
        }
        return text.toString();
    }

    private static byte[] bytes(Random random) {
        byte[] bytes = new byte[random.nextInt(300)];
        random.nextBytes(bytes);
        return bytes;
    }
}
