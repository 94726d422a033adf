package io.clayenrichment.enrichment.budget;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.config.SettingsException;
import io.clayenrichment.common.topics.Topics;
import java.math.BigDecimal;

/**
 * The credit limits of the whole Clay workspace, over all tenants together
 * ({@code WORKSPACE_BUDGET_DAILY}, {@code WORKSPACE_BUDGET_MONTHLY}); off when neither is set.
 *
 * @param limits the limits, a period left unset being unlimited; null when the workspace budget is off
 * @param grantsTopic the topic of the owner's grants, with one partition per decider task (created
 *     with as many partitions as the by-tenant topic; the topology reads it whether the budget is on or not)
 */
public record WorkspaceBudget(BudgetLimits limits, String grantsTopic) {

    public static final String DEFAULT_GRANTS_TOPIC = Topics.DEFAULT_WORKSPACE_GRANTS;
    /** No workspace limit: tenants' budgets alone decide. */
    public static final WorkspaceBudget OFF = new WorkspaceBudget(null, DEFAULT_GRANTS_TOPIC);

    /** A workspace limit of {@code limits}, for tests and tools. */
    public static WorkspaceBudget of(BudgetLimits limits) {
        return new WorkspaceBudget(limits, DEFAULT_GRANTS_TOPIC);
    }
    /** The budgets-topic key of the workspace's operator override: never a tenant (a blank tenant is the default one). */
    public static final String OVERRIDE_KEY = "";
    /** What an unset period allows: far above any real budget, well inside a long. */
    public static final long UNLIMITED_MILLI = Credits.toMilli(BudgetChange.MAX_CREDITS);

    public boolean enabled() {
        return limits != null;
    }

    /** The limits in force: the operator's override (key {@link #OVERRIDE_KEY}) over the settings'. */
    public BudgetLimits limitsWith(BudgetOverride override) {
        return limits.with(override);
    }

    public static WorkspaceBudget fromEnv(Env env) {
        String daily = env.string("WORKSPACE_BUDGET_DAILY", "").strip();
        String monthly = env.string("WORKSPACE_BUDGET_MONTHLY", "").strip();
        String grants = Topics.WORKSPACE_GRANTS.nameIn(env);
        if (daily.isEmpty() && monthly.isEmpty()) {
            return new WorkspaceBudget(null, grants);
        }
        return new WorkspaceBudget(new BudgetLimits(credits("WORKSPACE_BUDGET_DAILY", daily),
                credits("WORKSPACE_BUDGET_MONTHLY", monthly), false), grants);
    }

    private static long credits(String name, String text) {
        if (text.isEmpty()) {
            return UNLIMITED_MILLI;
        }
        try {
            BigDecimal value = new BigDecimal(text);
            if (value.signum() < 0 || value.compareTo(BudgetChange.MAX_CREDITS) > 0) {
                throw new SettingsException(name + "=" + text + " is invalid: expected 0 to "
                        + BudgetChange.MAX_CREDITS.toPlainString() + " credits, or nothing for no limit");
            }
            return Credits.toMilli(value);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new SettingsException(name + "=" + text + " is invalid: expected a number of credits such as 5000");
        }
    }
}
