package io.clayenrichment.common.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Typed reads of environment variables. A malformed or missing required variable throws a
 * {@link SettingsException} whose one-line message names the variable, what was wrong and what is
 * expected, so a service fails at start-up instead of later.
 */
public final class Env {

    private final Map<String, String> variables;
    private final Consumer<String> onRead;

    public Env(Map<String, String> variables) {
        this(variables, name -> { });
    }

    private Env(Map<String, String> variables, Consumer<String> onRead) {
        this.variables = Map.copyOf(variables);
        this.onRead = onRead;
    }

    /**
     * An Env that hands {@code onRead} the name of every variable a typed read asks for (set or not),
     * so a test can list the settings a settings class reads. {@link #variables()} is not reported:
     * {@code KafkaSettings} reads the {@code KAFKA_*} family through it.
     */
    public static Env recording(Map<String, String> variables, Consumer<String> onRead) {
        return new Env(variables, onRead);
    }

    public static Env system() {
        return new Env(System.getenv());
    }

    public Map<String, String> variables() {
        return variables;
    }

    /** The variable's value, or null when unset or blank. */
    public String raw(String name) {
        onRead.accept(name);
        String value = variables.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    public boolean isSet(String name) {
        return raw(name) != null;
    }

    public String string(String name, String defaultValue) {
        String value = raw(name);
        return value == null ? defaultValue : value;
    }

    public String requiredString(String name, String meaning) {
        String value = raw(name);
        if (value == null) {
            throw new SettingsException(name + " is required: " + meaning);
        }
        return value;
    }

    public int integer(String name, int defaultValue) {
        return parse(name, defaultValue, Integer::parseInt, "a whole number");
    }

    public int positiveInteger(String name, int defaultValue) {
        int value = integer(name, defaultValue);
        if (value <= 0) {
            throw new SettingsException(name + "=" + value + " is invalid: expected a number greater than 0");
        }
        return value;
    }

    public long longValue(String name, long defaultValue) {
        return parse(name, defaultValue, Long::parseLong, "a whole number");
    }

    public double decimal(String name, double defaultValue) {
        double value = parse(name, defaultValue, Double::parseDouble, "a number");
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new SettingsException(name + "=" + raw(name) + " is invalid: expected a finite number");
        }
        return value;
    }

    public boolean bool(String name, boolean defaultValue) {
        return parse(name, defaultValue, text -> switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new IllegalArgumentException(text);
        }, "true or false");
    }

    /** An ISO-8601 duration such as {@code P30D} or {@code PT30M}. */
    public Duration duration(String name, Duration defaultValue) {
        Duration value = parse(name, defaultValue, text -> {
            try {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(text, e);
            }
        }, "an ISO-8601 duration such as PT30M or P30D");
        if (value != null && value.isNegative()) {
            throw new SettingsException(name + "=" + raw(name) + " is invalid: expected a positive duration");
        }
        return value;
    }

    /** A comma-separated list; blanks between commas are ignored. Empty when unset. */
    public List<String> list(String name) {
        String value = raw(name);
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** A comma-separated list of absolute http(s) URLs. */
    public List<URI> urls(String name) {
        return list(name).stream().map(text -> {
            try {
                URI uri = new URI(text);
                if (uri.getScheme() == null || !uri.getScheme().matches("(?i)https?") || uri.getHost() == null) {
                    throw new URISyntaxException(text, "not an absolute http(s) URL");
                }
                return uri;
            } catch (URISyntaxException e) {
                throw new SettingsException(name + " has an invalid URL '" + redactUserInfo(text)
                        + "': expected absolute http(s) URLs separated by commas");
            }
        }).toList();
    }

    private <T> T parse(String name, T defaultValue, Function<String, T> parser, String expected) {
        String value = raw(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return parser.apply(value);
        } catch (RuntimeException e) {
            throw new SettingsException(name + "=" + value + " is invalid: expected " + expected);
        }
    }

    private static String redactUserInfo(String text) {
        return text.replaceAll("//[^/@]*@", "//***@");
    }
}
