package ai.novai.common.openai;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import ai.novai.proto.inference.v1.ChatRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Top-level request fields NovAI accepts without modelling them ({@code ChatRequest.passthrough_json}): OpenAI's
 * effect-free {@link #HINTS} and unknown fields whose names look like OpenAI parameters, so that a parameter newer
 * than NovAI still reaches an OpenAI-compatible upstream that knows it. They are merged into the upstream body
 * without overwriting a field NovAI wrote. Which unknown fields are accepted is bounded here
 * ({@link #NAME}, {@link #MAX_FIELDS}); which are refused outright is the gateway's policy.
 */
public final class PassthroughFields {

    /**
     * The hints OpenAI's clients send that change nothing of the answer's shape, with their JSON types: passed to
     * OpenAI-compatible upstreams, ignored by the other adapters.
     */
    public static final Map<String, JsonNodeType> HINTS = Map.of(
            "store", JsonNodeType.BOOLEAN,
            "service_tier", JsonNodeType.STRING,
            "verbosity", JsonNodeType.STRING,
            "prompt_cache_key", JsonNodeType.STRING,
            "prompt_cache_retention", JsonNodeType.STRING,
            "safety_identifier", JsonNodeType.STRING);

    /** What the name of an unknown field must look like to be passed on: an OpenAI parameter's name. */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    /** Most unknown fields one request may pass on. */
    public static final int MAX_FIELDS = 32;

    private PassthroughFields() {
    }

    /**
     * A hint, checked against its type as OpenAI checks it.
     *
     * @throws OpenAiWireException when it is of another type
     */
    public static JsonNode readHint(String name, JsonNode value) {
        JsonNodeType type = HINTS.get(name);
        if (type == null) {
            throw new IllegalArgumentException(name + " is not a hint");
        }
        if (!value.isNull() && value.getNodeType() != type) {
            throw OpenAiWireException.invalidType(name, type == JsonNodeType.BOOLEAN ? "a boolean" : "a string");
        }
        return value;
    }

    /** The fields' names, in the order the client sent them. */
    public static List<String> names(ChatRequest request) {
        List<String> names = new ArrayList<>();
        read(request).fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The first field that is not one of the {@link #HINTS}: one an adapter that passes nothing on must refuse. */
    public static Optional<String> firstUnknown(ChatRequest request) {
        return names(request).stream().filter(name -> !HINTS.containsKey(name)).findFirst();
    }

    /** Adds the request's fields to an upstream body, each one the body does not have yet. */
    public static void merge(ChatRequest request, ObjectNode body) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = read(request).fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!body.has(field.getKey())) {
                body.set(field.getKey(), field.getValue());
            }
        }
    }

    private static JsonNode read(ChatRequest request) {
        if (request.getPassthroughJson().isBlank()) {
            return WireJson.object();
        }
        JsonNode fields = WireJson.embedded(request.getPassthroughJson(), "passthrough_json");
        if (!fields.isObject()) {
            throw OpenAiWireException.invalidType("passthrough_json", "an object");
        }
        return fields;
    }
}
