package ai.novai.gateway.batches;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import ai.novai.gateway.errors.ApiException;
import com.fasterxml.jackson.databind.JsonNode;

/** The fields of a {@code POST /v1/batches} body, each checked and read as the spec says, or refused with 400. */
final class BatchRequestFields {

    private static final int MAX_METADATA_PAIRS = 16;
    private static final int MAX_METADATA_KEY = 64;
    private static final int MAX_METADATA_VALUE = 512;

    private BatchRequestFields() {
    }

    /** {@code endpoint}: one of the batchable endpoints. */
    static BatchEndpoint endpoint(JsonNode value) {
        if (value == null) {
            throw ApiException.badRequest("'endpoint' is required.", "endpoint", "missing_required_parameter");
        }
        return BatchEndpoint.of(value.asText("")).filter(found -> value.isTextual())
                .orElseThrow(() -> ApiException.badRequest("'endpoint' must be '/v1/chat/completions' or "
                                                                   + "'/v1/embeddings'.", "endpoint", "invalid_value"));
    }

    /** {@code completion_window}: {@code 24h}, the inline form's default. */
    static String completionWindow(JsonNode body, boolean inline) {
        JsonNode value = body.get("completion_window");
        if (value == null && inline) {
            return "24h";
        }
        if (value == null) {
            throw ApiException.badRequest("'completion_window' is required.", "completion_window",
                                          "missing_required_parameter");
        }
        if (!value.isTextual() || !"24h".equals(value.asText())) {
            throw ApiException.badRequest("'completion_window' must be '24h'.", "completion_window", "invalid_value");
        }
        return "24h";
    }

    /** {@code output_expires_after}: seconds after creation, 1 h to 30 days, if given. */
    static Optional<Long> outputExpiresAfter(JsonNode value) {
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isObject() || !"created_at".equals(value.path("anchor").asText(null))
                || !value.path("seconds").canConvertToLong() || !value.path("seconds").isIntegralNumber()
                || value.path("seconds").asLong() < 3600 || value.path("seconds").asLong() > 2_592_000
                || value.size() != 2) {
            throw ApiException.badRequest("'output_expires_after' must be {\"anchor\": \"created_at\", \"seconds\": "
                                                  + "3600..2592000}.", "output_expires_after", "invalid_value");
        }
        return Optional.of(value.path("seconds").asLong());
    }

    /** {@code metadata}: at most 16 string pairs, keys ≤ 64 and values ≤ 512 characters. */
    static Map<String, String> metadata(JsonNode value) {
        if (value == null || value.isNull()) {
            return Map.of();
        }
        if (!value.isObject() || value.size() > MAX_METADATA_PAIRS) {
            throw ApiException.badRequest("'metadata' must be an object of at most " + MAX_METADATA_PAIRS
                                                  + " string values.", "metadata", "invalid_value");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().length() > MAX_METADATA_KEY || !field.getValue().isTextual()
                    || field.getValue().asText().length() > MAX_METADATA_VALUE) {
                throw ApiException.badRequest("'metadata' keys are at most " + MAX_METADATA_KEY + " characters and "
                                                      + "values strings of at most " + MAX_METADATA_VALUE + ".",
                                              "metadata", "invalid_value");
            }
            metadata.put(field.getKey(), field.getValue().asText());
        }
        return metadata;
    }

    /** Refuses a field the form does not have. */
    static void refuseUnknown(JsonNode body, Set<String> known) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw ApiException.badRequest("Unrecognized request argument supplied: " + shown(name), shown(name),
                                              "unknown_parameter");
            }
        }
    }

    // ids and names echoed in messages are cut short: a hostile value is not repeated whole
    static String shown(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "…";
    }
}
