package io.clayenrichment.sandbox.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.clayenrichment.sandbox.faults.FaultSettings;
import io.clayenrichment.sandbox.faults.RateLimit;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The admin API's view of the fault settings, and partial updates to them. An update names only
 * what changes; an unknown field or a bad value is refused whole, naming the field, so a typo never
 * silently leaves a fault off.
 */
final class FaultsJson {

    private FaultsJson() {}

    static Map<String, Object> view(FaultSettings f, RateLimit effective) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("not_found_rate", f.notFoundRate());
        view.put("enrich_error_rate", f.enrichErrorRate());
        view.put("duplicate_callback_rate", f.duplicateCallbackRate());
        view.put("lost_callback_rate", f.lostCallbackRate());
        view.put("error_rate", f.errorRate());
        view.put("slow_rate", f.slowRate());
        view.put("slow_delay", f.slowDelay().toString());
        view.put("outage", f.outage());
        Map<String, Object> limit = new LinkedHashMap<>();
        limit.put("per_second", effective.perSecond());
        limit.put("burst", effective.burst());
        limit.put("overridden", f.rateLimit() != null);
        view.put("rate_limit", limit);
        return view;
    }

    /**
     * {@code current} with the fields of {@code update} applied; {@code rate_limit: null} (or
     * {@code "overridden": false}) goes back to the configured limit.
     */
    static FaultSettings apply(FaultSettings current, JsonNode update, RateLimit effective) {
        if (update == null || !update.isObject()) {
            throw new IllegalArgumentException("expected a JSON object of fault settings");
        }
        FaultSettings f = current;
        for (Map.Entry<String, JsonNode> field : update.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            f = switch (name) {
                case "not_found_rate" -> f.withNotFoundRate(number(name, value));
                case "enrich_error_rate" -> f.withEnrichErrorRate(number(name, value));
                case "duplicate_callback_rate" -> f.withDuplicateCallbackRate(number(name, value));
                case "lost_callback_rate" -> f.withLostCallbackRate(number(name, value));
                case "error_rate" -> f.withErrorRate(number(name, value));
                case "slow_rate" -> f.withSlow(number(name, value), f.slowDelay());
                case "slow_delay" -> f.withSlow(f.slowRate(), duration(name, value));
                case "outage" -> f.withOutage(bool(name, value));
                case "rate_limit" -> f.withRateLimit(rateLimit(value, effective));
                default -> throw new IllegalArgumentException("unknown field '" + name + "': expected "
                        + "not_found_rate, enrich_error_rate, duplicate_callback_rate, lost_callback_rate, "
                        + "error_rate, slow_rate, slow_delay, outage or rate_limit");
            };
        }
        return f;
    }

    private static RateLimit rateLimit(JsonNode value, RateLimit effective) {
        // null, or a GET body's "overridden": false put back as it was, means the configured limit.
        if (value.isNull() || value.path("overridden").isBoolean() && !value.path("overridden").booleanValue()) {
            return null;
        }
        if (!value.isObject()) {
            throw new IllegalArgumentException(
                    "field 'rate_limit': expected {\"per_second\": n, \"burst\": n} or null");
        }
        double perSecond = effective.perSecond();
        int burst = effective.burst();
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            switch (field.getKey()) {
                case "per_second" -> perSecond = number("rate_limit.per_second", field.getValue());
                case "burst" -> {
                    JsonNode burstValue = field.getValue();
                    if (!burstValue.canConvertToInt() || !burstValue.isIntegralNumber()) {
                        throw new IllegalArgumentException("field 'rate_limit.burst': expected a whole number");
                    }
                    burst = burstValue.intValue();
                }
                case "overridden" -> { } // true here: the values given are the override
                default -> throw new IllegalArgumentException("unknown field 'rate_limit." + field.getKey()
                        + "': expected per_second or burst");
            }
        }
        return new RateLimit(perSecond, burst);
    }

    private static double number(String name, JsonNode value) {
        if (!value.isNumber()) {
            throw new IllegalArgumentException("field '" + name + "': expected a number, got " + value);
        }
        return value.doubleValue();
    }

    private static boolean bool(String name, JsonNode value) {
        if (!value.isBoolean()) {
            throw new IllegalArgumentException("field '" + name + "': expected true or false, got " + value);
        }
        return value.booleanValue();
    }

    private static Duration duration(String name, JsonNode value) {
        try {
            return Duration.parse(value.asText().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("field '" + name + "': expected an ISO-8601 duration such as PT3S, got "
                    + value);
        }
    }
}
