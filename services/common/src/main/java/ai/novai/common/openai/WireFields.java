package ai.novai.common.openai;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Typed reads of wire fields. The strict ones (client requests) fail with an {@link OpenAiWireException} naming
 * the field's path; {@link #text(JsonNode)} is the lenient read of what an upstream said.
 */
public final class WireFields {

    private WireFields() {
    }

    /** The field, absent when missing or JSON null. */
    public static Optional<JsonNode> field(JsonNode object, String name) {
        JsonNode value = object.get(name);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    /** A required field. */
    public static JsonNode required(JsonNode object, String name, String path) {
        return field(object, name).orElseThrow(() -> OpenAiWireException.missing(path));
    }

    /** A string field. */
    public static Optional<String> string(JsonNode object, String name, String path) {
        return field(object, name).map(value -> {
            if (!value.isTextual()) {
                throw OpenAiWireException.invalidType(path, "a string");
            }
            return value.asText();
        });
    }

    /** A required string field. */
    public static String requiredString(JsonNode object, String name, String path) {
        return string(object, name, path).orElseThrow(() -> OpenAiWireException.missing(path));
    }

    /** A boolean field. */
    public static Optional<Boolean> bool(JsonNode object, String name, String path) {
        return field(object, name).map(value -> {
            if (!value.isBoolean()) {
                throw OpenAiWireException.invalidType(path, "a boolean");
            }
            return value.asBoolean();
        });
    }

    /** An integer field within bounds. */
    public static Optional<Long> integer(JsonNode object, String name, String path, long min, long max) {
        return field(object, name).map(value -> {
            if (!value.canConvertToExactIntegral() || !value.canConvertToLong()) {
                throw OpenAiWireException.invalidType(path, "an integer");
            }
            long number = value.asLong();
            if (number < min || number > max) {
                throw outOfRange(path, min, max, number);
            }
            return number;
        });
    }

    /** A number field within bounds. */
    public static Optional<Double> number(JsonNode object, String name, String path, double min, double max) {
        return field(object, name).map(value -> {
            if (!value.isNumber()) {
                throw OpenAiWireException.invalidType(path, "a number");
            }
            double number = value.asDouble();
            if (number < min || number > max) {
                throw outOfRange(path, min, max, value.asText());
            }
            return number;
        });
    }

    /** An object field. */
    public static Optional<JsonNode> object(JsonNode object, String name, String path) {
        return field(object, name).map(value -> {
            if (!value.isObject()) {
                throw OpenAiWireException.invalidType(path, "an object");
            }
            return value;
        });
    }

    /** Non-empty text an upstream said; null, missing, "" and non-text all mean nothing was said. */
    public static Optional<String> text(JsonNode node) {
        return node.isTextual() && !node.asText().isEmpty() ? Optional.of(node.asText()) : Optional.empty();
    }

    private static OpenAiWireException outOfRange(String path, Object min, Object max, Object actual) {
        return OpenAiWireException.invalidValue(path, "expected a value from " + min + " to " + max + ", got "
                + actual + ".");
    }
}
