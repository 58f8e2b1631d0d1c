package ai.novai.common.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.helidon.config.Config;
import io.helidon.config.ConfigMappingException;

/**
 * One settings block of the configuration ({@code novai.batches}, {@code routing}, ...), read key by key
 * with the default its record names and the range its value must lie in. A key that is absent takes its
 * default; a key that is present must be right: a value of the wrong type, out of range or outside a closed
 * set is an {@link InvalidSettingException} naming the full key and what it allows, so a typo fails the
 * start-up instead of silently running with a default.
 */
public final class SettingsNode {

    private static final Duration SMALLEST_POSITIVE = Duration.ofNanos(1);

    private final Config node;

    private SettingsNode(Config node) {
        this.node = node;
    }

    /** The block under the given configuration node (which need not exist: then every key takes its default). */
    public static SettingsNode of(Config node) {
        return new SettingsNode(node);
    }

    /** The sub-block {@code name} of this block. */
    public SettingsNode block(String name) {
        return new SettingsNode(node.get(name));
    }

    /** The full key of {@code name}, e.g. {@code novai.batches.workers}, for messages. */
    public String key(String name) {
        return node.get(name).key().toString();
    }

    /** An integer from {@code min} to {@code max}; {@code defaultValue} when absent. */
    public int integer(String name, int defaultValue, int min, int max) {
        return (int) longInteger(name, defaultValue, min, max);
    }

    /** An integer from {@code min} to {@code max}; {@code defaultValue} when absent. */
    public long longInteger(String name, long defaultValue, long min, long max) {
        return optionalLongInteger(name, min, max).orElse(defaultValue);
    }

    /** An integer from {@code min} to {@code max}, if present (a limit that is not set is no limit). */
    public OptionalLong optionalLongInteger(String name, long min, long max) {
        String expected = max == Long.MAX_VALUE || max == Integer.MAX_VALUE
                ? "an integer of at least " + min
                : "an integer from " + min + " to " + max;
        Optional<Long> value = scalar(name, () -> node.get(name).asLong().asOptional(), expected);
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        if (value.get() < min || value.get() > max) {
            throw invalid(name, expected);
        }
        return OptionalLong.of(value.get());
    }

    /** A share in (0, 1], e.g. {@code 0.5}; {@code defaultValue} when absent. */
    public double fraction(String name, double defaultValue) {
        String expected = "a number greater than 0 and at most 1";
        double value = scalar(name, () -> node.get(name).asDouble().asOptional(), expected).orElse(defaultValue);
        if (!(value > 0 && value <= 1)) {
            throw invalid(name, expected);
        }
        return value;
    }

    /** {@code true} or {@code false}; {@code defaultValue} when absent. */
    public boolean bool(String name, boolean defaultValue) {
        // Helidon reads every text but "true" as false: a typo would silently turn a feature off
        return scalar(name, () -> node.get(name).asString().asOptional(), "true or false").map(text -> switch (
                text.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(name, "true or false");
        }).orElse(defaultValue);
    }

    /** A duration of zero or more (ISO-8601, e.g. {@code PT10S}); {@code defaultValue} when absent. */
    public Duration duration(String name, Duration defaultValue) {
        return duration(name, defaultValue, Duration.ZERO);
    }

    /** A duration greater than zero (ISO-8601, e.g. {@code PT10S}); {@code defaultValue} when absent. */
    public Duration positiveDuration(String name, Duration defaultValue) {
        return duration(name, defaultValue, SMALLEST_POSITIVE);
    }

    /** A duration of at least {@code min} (ISO-8601, e.g. {@code PT10S}); {@code defaultValue} when absent. */
    public Duration duration(String name, Duration defaultValue, Duration min) {
        String expected = "an ISO-8601 duration (e.g. PT10S) "
                + (min.equals(SMALLEST_POSITIVE) ? "greater than zero" : "of at least " + min);
        Duration value = scalar(name, () -> node.get(name).as(Duration.class).asOptional(), expected)
                .orElse(defaultValue);
        if (value.compareTo(min) < 0) {
            throw invalid(name, expected);
        }
        return value;
    }

    /** A text; {@code defaultValue} when absent. */
    public String string(String name, String defaultValue) {
        return optionalString(name).orElse(defaultValue);
    }

    /** A text, empty when absent or blank (an empty value in YAML or the environment turns a feature off). */
    public Optional<String> optionalString(String name) {
        return scalar(name, () -> node.get(name).asString().asOptional(), "a single value")
                .filter(value -> !value.isBlank());
    }

    /**
     * A text with a default that configuration can turn off: {@code defaultValue} when absent, empty when set to
     * an empty value.
     */
    public Optional<String> stringOrNone(String name, String defaultValue) {
        return node.get(name).exists() ? optionalString(name) : Optional.of(defaultValue);
    }

    /** A list of texts, empty when absent. */
    public List<String> strings(String name) {
        return mapped(name, () -> node.get(name).asList(String.class).asOptional(), "a list of values")
                .orElse(List.of());
    }

    /** One of a closed set of names; {@code defaultValue} when absent. */
    public <E extends Enum<E> & ConfigName> E oneOf(String name, Class<E> type, E defaultValue) {
        return optionalOneOf(name, type).orElse(defaultValue);
    }

    /** One of a closed set of names, if present. */
    public <E extends Enum<E> & ConfigName> Optional<E> optionalOneOf(String name, Class<E> type) {
        return optionalString(name).map(value -> parse(key(name), type, value));
    }

    /**
     * The constant of {@code type} configuration calls {@code value}.
     *
     * @param key where the value was read, for the message
     * @throws InvalidSettingException naming the allowed names when none is called so
     */
    public static <E extends Enum<E> & ConfigName> E parse(String key, Class<E> type, String value) {
        for (E constant : type.getEnumConstants()) {
            if (constant.configName().equals(value.strip())) {
                return constant;
            }
        }
        throw new InvalidSettingException(key, "must be one of " + names(type) + ", was '" + value + "'");
    }

    /** The names configuration may give the constants of {@code type}, comma-separated, for messages. */
    public static <E extends Enum<E> & ConfigName> String names(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(ConfigName::configName).collect(Collectors.joining(", "));
    }

    // a block of keys where a single value belongs is as wrong as a bad value (Helidon reads it as absent)
    private <T> Optional<T> scalar(String name, Supplier<Optional<T>> read, String expected) {
        Config value = node.get(name);
        if (value.exists() && value.type() != Config.Type.VALUE) {
            throw invalid(name, expected);
        }
        return mapped(name, read, expected);
    }

    private <T> Optional<T> mapped(String name, Supplier<Optional<T>> read, String expected) {
        try {
            return read.get();
        } catch (ConfigMappingException e) {
            throw invalid(name, expected);
        }
    }

    private InvalidSettingException invalid(String name, String expected) {
        Config value = node.get(name);
        String found = value.type() == Config.Type.VALUE
                ? "'" + value.asString().get() + "'"
                : value.type() == Config.Type.LIST ? "a list" : "a block of keys";
        return new InvalidSettingException(key(name), "must be " + expected + ", was " + found);
    }
}
