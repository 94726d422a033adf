package io.clayenrichment.enrichment.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.testing.Seeds;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TenantSpendSerdeTest {

    private final TenantSpendSerde serde = new TenantSpendSerde();

    @Test
    void writesTheSameBytesAsJacksonAndReadsThemBack() {
        Seeds.check(3000, random -> {
            TenantSpend spend = new TenantSpend(id(random), spend(random), id(random), spend(random));
            byte[] bytes = serde.serializer().serialize("t", spend);
            assertThat(new String(bytes, StandardCharsets.UTF_8))
                    .isEqualTo(new String(Json.write(spend), StandardCharsets.UTF_8));
            assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(spend);
        });
    }

    @Test
    void aRealSpendLooksLikeTheChangelogAlwaysHeld() {
        TenantSpend spend = TenantSpend.startingAt(1_796_000_000_000L).reserve(1500);
        assertThat(new String(serde.serializer().serialize("t", spend), StandardCharsets.UTF_8)).isEqualTo(
                "{\"day_id\":\"2026-11-30\",\"day\":{\"reserved_milli\":1500,\"spent_milli\":0},"
                        + "\"month_id\":\"2026-11\",\"month\":{\"reserved_milli\":1500,\"spent_milli\":0}}");
    }

    private static String id(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> null;
            case 1 -> Period.DAY.idAt(random.nextLong(4_000_000_000_000L));
            case 2 -> Period.MONTH.idAt(random.nextLong(4_000_000_000_000L));
            default -> {
                StringBuilder text = new StringBuilder();
                for (int i = random.nextInt(12); i > 0; i--) {
                    text.appendCodePoint(random.nextInt(3) == 0 ? random.nextInt(0x300) : 32 + random.nextInt(95));
                }
                yield text.toString();
            }
        };
    }

    private static Spend spend(Random random) {
        return random.nextInt(6) == 0 ? null
                : new Spend(random.nextBoolean() ? random.nextLong() : random.nextInt(100_000), random.nextLong());
    }
}
