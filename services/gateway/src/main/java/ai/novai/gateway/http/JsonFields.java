package ai.novai.gateway.http;

import java.util.Optional;

import ai.novai.gateway.errors.ApiException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Typed reads of request fields, each failure a 400 naming the parameter by its path
 * (e.g. {@code messages[2].content}).
 */
public final class JsonFields {

    private JsonFields() {
    }

    /** The field, absent when missing or JSON null. */
    public static Optional<JsonNode> field(JsonNode object, String name) {
        JsonNode value = object.get(name);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    /** A required field. */
    public static JsonNode required(JsonNode object, String name, String path) {
        return field(object, name).orElseThrow(() -> ApiException.badRequest(
                "Missing required parameter: '" + path + "'.", path, "missing_required_parameter"));
    }

    /** A string field. */
    public static Optional<String> string(JsonNode object, String name, String path) {
        return field(object, name).map(value -> {
            if (!value.isTextual()) {
                throw invalidType(path, "a string");
            }
            return value.asText();
        });
    }

    /** A boolean field. */
    public static Optional<Boolean> bool(JsonNode object, String name, String path) {
        return field(object, name).map(value -> {
            if (!value.isBoolean()) {
                throw invalidType(path, "a boolean");
            }
            return value.asBoolean();
        });
    }

    /** An integer field within bounds. */
    public static Optional<Long> integer(JsonNode object, String name, String path, long min, long max) {
        return field(object, name).map(value -> {
            if (!value.canConvertToExactIntegral() || !value.canConvertToLong()) {
                throw invalidType(path, "an integer");
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
                throw invalidType(path, "a number");
            }
            double number = value.asDouble();
            if (number < min || number > max) {
                throw outOfRange(path, min, max, value.asText());
            }
            return number;
        });
    }

    /** A 400 for a value of the wrong JSON type. */
    public static ApiException invalidType(String path, String expected) {
        return ApiException.badRequest("Invalid type for '" + path + "': expected " + expected + ".", path,
                                       "invalid_type");
    }

    /** A 400 for a value the parameter does not allow. */
    public static ApiException invalidValue(String path, String message) {
        return ApiException.badRequest("Invalid value for '" + path + "': " + message, path, "invalid_value");
    }

    private static ApiException outOfRange(String path, Object min, Object max, Object actual) {
        return ApiException.badRequest("Invalid value for '" + path + "': expected a value from " + min + " to "
                                               + max + ", got " + actual + ".", path, "invalid_value");
    }
}
