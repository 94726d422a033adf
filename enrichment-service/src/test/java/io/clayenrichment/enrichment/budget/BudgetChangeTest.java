package io.clayenrichment.enrichment.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clayenrichment.common.json.JsonSerde;
import io.clayenrichment.common.json.MessageFormatException;
import io.clayenrichment.common.testing.Seeds;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BudgetChangeTest {

    private static final Instant AT = Instant.parse("2026-11-27T10:00:00.123Z");
    private static final JsonSerde<BudgetChange> TOPIC_SERDE = new JsonSerde<>(BudgetChange.class);

    private static BudgetChange parse(String body) {
        return BudgetChange.parse("acme", body.getBytes(StandardCharsets.UTF_8), AT);
    }

    /** The change as the fold reads it back from the budget changes topic. */
    private static BudgetChange throughTheTopic(BudgetChange change) {
        return TOPIC_SERDE.deserializer().deserialize("changes", TOPIC_SERDE.serializer().serialize("changes", change));
    }

    private static void assertSameCredits(BigDecimal read, BigDecimal written) {
        assertThat(read == null).isEqualTo(written == null);
        if (written != null) {
            assertThat(read).isEqualByComparingTo(written);
        }
    }

    @Test
    void readsLimitsAndTheSwitch() {
        BudgetChange change = parse("{\"daily\":12.5,\"monthly\":2000,\"force_open\":true}");

        assertThat(change.daily()).isEqualByComparingTo("12.5");
        assertThat(change.monthly()).isEqualByComparingTo("2000");
        assertThat(change.forceOpen()).isTrue();
        assertThat(change.tenant()).isEqualTo("acme");
        assertThat(change.changedAt()).isEqualTo(AT);
    }

    @Test
    void onTheTopicAChangeCarriesOnlyTheFieldsGiven() {
        BudgetChange change = parse("{\"daily\":50}");

        assertThat(new String(TOPIC_SERDE.serializer().serialize("changes", change), StandardCharsets.UTF_8))
                .isEqualTo("{\"tenant\":\"acme\",\"daily\":50,\"changed_at\":\"2026-11-27T10:00:00.123Z\"}");
        assertThat(throughTheTopic(change)).isEqualTo(change);
    }

    @Test
    void fieldsLeftOutKeepTheCurrentOverride() {
        BudgetOverride current = new BudgetOverride("acme", new BigDecimal("5"), new BigDecimal("50"), true, Instant.EPOCH);

        BudgetOverride updated = parse("{\"force_open\":false}").applyTo("acme", current, 9);

        assertThat(updated).isEqualTo(new BudgetOverride("acme", new BigDecimal("5"), new BigDecimal("50"), false,
                AT, 9L));
    }

    @Test
    void problemsNameTheField() {
        assertThatThrownBy(() -> parse("{\"daily\":-1}")).hasMessageContaining("'daily'").hasMessageContaining("negative");
        assertThatThrownBy(() -> parse("{\"monthly\":\"x\"}")).hasMessageContaining("'monthly'");
        assertThatThrownBy(() -> parse("{\"force_open\":\"yes\"}")).hasMessageContaining("'force_open'");
        assertThatThrownBy(() -> parse("{\"daily\":0.0001}")).hasMessageContaining("3 decimals");
        assertThatThrownBy(() -> parse("{\"limit\":5}")).hasMessageContaining("'limit'");
        assertThatThrownBy(() -> parse("{}")).hasMessageContaining("at least one");
        assertThatThrownBy(() -> parse("[1]")).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> parse("{\"daily\":")).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> BudgetChange.parse("acme", new byte[0], AT)).hasMessageContaining("empty");
    }

    @Test
    void anyBodyEitherParsesIntoValidLimitsThatSurviveTheTopicOrFailsWithAMessage() {
        List<String> fragments = List.of("{", "}", "\"daily\"", "\"monthly\"", "\"force_open\"", ":", ",", "1", "-2",
                "0.5", "1e3", "true", "null", "\"x\"", "[", "]", "12.3456", "99999999999999", " ");
        Seeds.check(5000, random -> {
            StringBuilder body = new StringBuilder();
            for (int i = random.nextInt(12); i >= 0; i--) {
                body.append(fragments.get(random.nextInt(fragments.size())));
            }
            try {
                BudgetChange change = parse(body.toString());
                assertThat(change.daily() != null || change.monthly() != null || change.forceOpen() != null).isTrue();
                for (BigDecimal limit : new BigDecimal[] {change.daily(), change.monthly()}) {
                    if (limit != null) {
                        assertThat(limit.signum()).isGreaterThanOrEqualTo(0);
                        assertThat(Credits.fromMilli(Credits.toMilli(limit))).isEqualByComparingTo(limit);
                    }
                }
                // what the fold reads back is what the API accepted, and the fold accepts it too
                BudgetChange read = throughTheTopic(change);
                assertThat(read.tenant()).isEqualTo("acme");
                assertThat(read.changedAt()).isEqualTo(AT);
                assertThat(read.forceOpen()).isEqualTo(change.forceOpen());
                assertSameCredits(read.daily(), change.daily());
                assertSameCredits(read.monthly(), change.monthly());
                assertThat(read.problem()).isEmpty();
            } catch (MessageFormatException e) {
                assertThat(e.getMessage()).as(body.toString()).isNotBlank();
            }
        });
    }
}
