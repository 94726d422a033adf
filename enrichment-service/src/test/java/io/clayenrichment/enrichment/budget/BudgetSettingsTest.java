package io.clayenrichment.enrichment.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.config.SettingsException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BudgetSettingsTest {

    @Test
    void defaultsMatchTheContract() {
        BudgetPolicy policy = BudgetSettings.fromEnv(new Env(Map.of()));

        assertThat(policy.defaults()).isEqualTo(new BudgetLimits(1_000_000, 20_000_000, false));
        assertThat(policy.costMilli()).isEqualTo(1000);
        assertThat(policy.warningThreshold()).isEqualTo(0.8);
        assertThat(policy.perTenant()).isEmpty();
    }

    @Test
    void perTenantOverridesAndDecimalCredits() {
        BudgetPolicy policy = BudgetSettings.fromEnv(new Env(Map.of("CREDIT_BUDGETS", "acme:100:2000, beta:5.5:50",
                "CREDIT_COST_PER_ENRICHMENT", "0.25", "CREDIT_BUDGET_DAILY", "10")));

        assertThat(policy.limitsFor("acme", null)).isEqualTo(new BudgetLimits(100_000, 2_000_000, false));
        assertThat(policy.limitsFor("beta", null)).isEqualTo(new BudgetLimits(5_500, 50_000, false));
        assertThat(policy.limitsFor("other", null).dailyMilli()).isEqualTo(10_000);
        assertThat(policy.costMilli()).isEqualTo(250);
    }

    @Test
    void malformedValuesNameTheVariable() {
        assertThatThrownBy(() -> BudgetSettings.fromEnv(new Env(Map.of("CREDIT_BUDGETS", "acme:100"))))
                .isInstanceOf(SettingsException.class).hasMessageContaining("CREDIT_BUDGETS").hasMessageContaining("acme:100");
        assertThatThrownBy(() -> BudgetSettings.fromEnv(new Env(Map.of("CREDIT_BUDGETS", "a:1:2,a:3:4"))))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> BudgetSettings.fromEnv(new Env(Map.of("CREDIT_BUDGET_DAILY", "lots"))))
                .hasMessageContaining("CREDIT_BUDGET_DAILY");
        assertThatThrownBy(() -> BudgetSettings.fromEnv(new Env(Map.of("CREDIT_COST_PER_ENRICHMENT", "0"))))
                .hasMessageContaining("CREDIT_COST_PER_ENRICHMENT");
        assertThatThrownBy(() -> BudgetSettings.fromEnv(new Env(Map.of("CREDIT_WARNING_THRESHOLD", "1.5"))))
                .hasMessageContaining("CREDIT_WARNING_THRESHOLD");
    }

    @Test
    void theBreakerStatesFollowSpend() {
        BudgetPolicy policy = BudgetSettings.fromEnv(new Env(Map.of("CREDIT_BUDGET_DAILY", "10")));
        BudgetLimits limits = policy.limitsFor("t", null);

        assertThat(policy.snapshot("t", limits, "d", new Spend(0, 7000), "m", Spend.NONE).state())
                .isEqualTo(BreakerState.CLOSED);
        assertThat(policy.snapshot("t", limits, "d", new Spend(3000, 5000), "m", Spend.NONE).state())
                .isEqualTo(BreakerState.WARNING);
        assertThat(policy.snapshot("t", limits, "d", new Spend(1000, 8500), "m", Spend.NONE).state())
                .isEqualTo(BreakerState.OPEN);
        assertThat(policy.snapshot("t", new BudgetLimits(10_000, 10_000, true), "d", Spend.NONE, "m", Spend.NONE)
                .state()).isEqualTo(BreakerState.FORCED_OPEN);
    }
}
