package io.clayenrichment.enrichment.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clayenrichment.common.json.MessageFormatException;
import io.clayenrichment.common.testing.Seeds;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BudgetChangeTest {

    private static BudgetChange parse(String body) {
        return BudgetChange.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsLimitsAndTheSwitch() {
        BudgetChange change = parse("{\"daily\":12.5,\"monthly\":2000,\"force_open\":true}");

        assertThat(change.daily()).isEqualByComparingTo("12.5");
        assertThat(change.monthly()).isEqualByComparingTo("2000");
        assertThat(change.forceOpen()).isTrue();
    }

    @Test
    void fieldsLeftOutKeepTheCurrentOverride() {
        BudgetOverride current = new BudgetOverride("acme", new BigDecimal("5"), new BigDecimal("50"), true, Instant.EPOCH);

        BudgetOverride updated = parse("{\"force_open\":false}").applyTo("acme", current, Instant.ofEpochSecond(9));

        assertThat(updated).isEqualTo(new BudgetOverride("acme", new BigDecimal("5"), new BigDecimal("50"), false,
                Instant.ofEpochSecond(9)));
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
        assertThatThrownBy(() -> BudgetChange.parse(new byte[0])).hasMessageContaining("empty");
    }

    @Test
    void anyBodyEitherParsesIntoValidLimitsOrFailsWithAMessage() {
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
            } catch (MessageFormatException e) {
                assertThat(e.getMessage()).as(body.toString()).isNotBlank();
            }
        });
    }
}
