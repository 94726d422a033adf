package io.clayenrichment.enrichment.budget;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.config.SettingsException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the credit settings ({@code CREDIT_BUDGET_DAILY}, {@code CREDIT_BUDGET_MONTHLY},
 * {@code CREDIT_BUDGETS}, {@code CREDIT_COST_PER_ENRICHMENT}, {@code CREDIT_WARNING_THRESHOLD},
 * {@code CREDIT_RESERVATION}) into
 * a {@link BudgetPolicy}; a malformed value fails with a line naming the variable.
 */
public final class BudgetSettings {

    private BudgetSettings() {}

    public static BudgetPolicy fromEnv(Env env) {
        long daily = credits(env, "CREDIT_BUDGET_DAILY", "1000");
        long monthly = credits(env, "CREDIT_BUDGET_MONTHLY", "20000");
        long cost = credits(env, "CREDIT_COST_PER_ENRICHMENT", "1");
        if (cost == 0) {
            throw new SettingsException("CREDIT_COST_PER_ENRICHMENT=" + env.raw("CREDIT_COST_PER_ENRICHMENT")
                    + " is invalid: expected a number of credits greater than 0");
        }
        double threshold = env.decimal("CREDIT_WARNING_THRESHOLD", 0.8);
        if (!(threshold > 0 && threshold <= 1)) {
            throw new SettingsException("CREDIT_WARNING_THRESHOLD=" + threshold
                    + " is invalid: expected a fraction greater than 0 and at most 1, such as 0.8");
        }
        return new BudgetPolicy(new BudgetLimits(daily, monthly, false), perTenant(env.raw("CREDIT_BUDGETS")), cost,
                threshold, reservations(env));
    }

    private static BudgetPolicy.Reservations reservations(Env env) {
        String value = env.string("CREDIT_RESERVATION", BudgetPolicy.Reservations.ADAPTIVE.wire());
        for (BudgetPolicy.Reservations mode : BudgetPolicy.Reservations.values()) {
            if (mode.wire().equalsIgnoreCase(value.strip())) {
                return mode;
            }
        }
        throw new SettingsException("CREDIT_RESERVATION=" + value + " is invalid: expected adaptive or fixed");
    }

    /** {@code acme:100:2000,beta:5:50} (tenant:daily:monthly). */
    static Map<String, BudgetLimits> perTenant(String text) {
        Map<String, BudgetLimits> budgets = new LinkedHashMap<>();
        if (text == null) {
            return budgets;
        }
        for (String entry : text.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.strip().split(":");
            if (parts.length != 3 || parts[0].isBlank()) {
                throw new SettingsException("CREDIT_BUDGETS has an invalid entry '" + entry.strip()
                        + "': expected tenant:daily:monthly, such as acme:100:2000");
            }
            String tenant = parts[0].strip();
            if (budgets.containsKey(tenant)) {
                throw new SettingsException("CREDIT_BUDGETS names tenant '" + tenant + "' twice");
            }
            budgets.put(tenant, new BudgetLimits(parseCredits("CREDIT_BUDGETS", entry, parts[1]),
                    parseCredits("CREDIT_BUDGETS", entry, parts[2]), false));
        }
        return budgets;
    }

    private static long credits(Env env, String name, String defaultValue) {
        return parseCredits(name, null, env.string(name, defaultValue));
    }

    private static long parseCredits(String name, String entry, String text) {
        String where = entry == null ? name + "=" + text : name + " entry '" + entry.strip() + "'";
        try {
            BigDecimal value = new BigDecimal(text.strip());
            if (value.signum() < 0) {
                throw new SettingsException(where + " is invalid: credits must not be negative");
            }
            return Credits.toMilli(value);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new SettingsException(where + " is invalid: expected a number of credits such as 100 or 2.5");
        }
    }
}
