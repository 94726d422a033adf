package io.clayenrichment.enrichment.budget;

import com.fasterxml.jackson.databind.JsonNode;
import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.json.MessageFormatException;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Iterator;
import java.util.Set;

/**
 * An operator's partial change of one budget: the body of {@code PUT /v1/budgets/{tenant}}
 * ({@code {"daily":..,"monthly":..,"force_open":..}}, problems name the field) and, with the tenant and
 * the time of the change, the record on the budget changes topic (key = tenant), only the fields given.
 * Fields left out keep their current value; at least one must be given.
 */
public record BudgetChange(String tenant, BigDecimal daily, BigDecimal monthly, Boolean forceOpen,
        Instant changedAt) {

    private static final Set<String> FIELDS = Set.of("daily", "monthly", "force_open");
    /** Far above any real budget; keeps milli-credits well inside a long. */
    public static final BigDecimal MAX_CREDITS = new BigDecimal("1000000000000");

    /** The change {@code body} asks for, of {@code tenant}'s budget at {@code now}. */
    public static BudgetChange parse(String tenant, byte[] body, Instant now) {
        JsonNode root = readTree(body);
        if (!root.isObject()) {
            throw new MessageFormatException("expected a JSON object such as {\"daily\":100,\"monthly\":2000}");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new MessageFormatException("field '" + name + "': unknown, expected daily, monthly or force_open");
            }
        }
        BudgetChange change = new BudgetChange(tenant, credits(root, "daily"), credits(root, "monthly"), flag(root),
                now);
        if (change.daily == null && change.monthly == null && change.forceOpen == null) {
            throw new MessageFormatException("give at least one of daily, monthly, force_open");
        }
        return change;
    }

    /**
     * The override of budget {@code key} that results from applying this change over {@code current}
     * (null: none yet), as of the change's time, at {@code version}.
     */
    public BudgetOverride applyTo(String key, BudgetOverride current, long version) {
        BudgetOverride base = current == null ? new BudgetOverride(key, null, null, false, changedAt, null) : current;
        return new BudgetOverride(key, daily != null ? daily : base.daily(), monthly != null ? monthly : base.monthly(),
                forceOpen != null ? forceOpen : base.forced(), changedAt, version);
    }

    /**
     * Why this change cannot apply, if it cannot: a limit the API would refuse. The API never writes
     * one; a record another producer wrote to the changes topic is skipped instead.
     */
    public java.util.Optional<String> problem() {
        return limitProblem(daily, monthly);
    }

    /** Why one of {@code limits} is refused: below zero or above {@link #MAX_CREDITS}. */
    static java.util.Optional<String> limitProblem(BigDecimal... limits) {
        for (BigDecimal limit : limits) {
            if (limit != null && (limit.signum() < 0 || limit.compareTo(MAX_CREDITS) > 0)) {
                return java.util.Optional.of("limit " + limit.toPlainString() + " is outside 0.."
                        + MAX_CREDITS.toPlainString());
            }
        }
        return java.util.Optional.empty();
    }

    private static JsonNode readTree(byte[] body) {
        if (body == null || body.length == 0) {
            throw new MessageFormatException("body is empty: expected a JSON object");
        }
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new MessageFormatException(Json.describe(e), e);
        }
    }

    private static BigDecimal credits(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            throw new MessageFormatException("field '" + field + "': expected a number of credits, got " + node.getNodeType()
                    .name().toLowerCase(java.util.Locale.ROOT));
        }
        BigDecimal value = node.decimalValue();
        if (value.signum() < 0) {
            throw new MessageFormatException("field '" + field + "': must not be negative, got " + value.toPlainString());
        }
        if (value.compareTo(MAX_CREDITS) > 0) {
            throw new MessageFormatException("field '" + field + "': must be at most " + MAX_CREDITS.toPlainString());
        }
        if (value.stripTrailingZeros().scale() > 3) {
            throw new MessageFormatException("field '" + field + "': at most 3 decimals (milli-credits), got "
                    + value.toPlainString());
        }
        return Credits.fromMilli(Credits.toMilli(value));
    }

    private static Boolean flag(JsonNode root) {
        JsonNode node = root.get("force_open");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            throw new MessageFormatException("field 'force_open': expected true or false");
        }
        return node.booleanValue();
    }
}
