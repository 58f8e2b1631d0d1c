package ai.novai.gateway.embeddings;

import java.util.Iterator;
import java.util.Set;

import ai.novai.common.openai.OpenAiWireException;
import ai.novai.gateway.models.ModelIds;
import ai.novai.gateway.errors.ApiException;
import ai.novai.proto.embedding.v1.EmbedInput;
import ai.novai.proto.embedding.v1.EmbedRequest;
import ai.novai.proto.embedding.v1.TokenIds;
import com.fasterxml.jackson.databind.JsonNode;

import static ai.novai.common.openai.WireFields.integer;
import static ai.novai.common.openai.OpenAiWireException.invalidType;
import static ai.novai.common.openai.OpenAiWireException.invalidValue;
import static ai.novai.common.openai.WireFields.required;
import static ai.novai.common.openai.WireFields.string;

/**
 * Reads an OpenAI embeddings request: {@code input} as a string, an array of strings, an array of token
 * ids or an array of token-id arrays, each problem a 400 naming the parameter.
 */
public final class EmbeddingRequestParser {

    /** Most inputs one request may carry, as OpenAI allows. */
    static final int MAX_INPUTS = 2048;

    private static final Set<String> KNOWN = Set.of("model", "input", "encoding_format", "dimensions", "user");

    private EmbeddingRequestParser() {
    }

    /**
     * A validated request.
     *
     * @param request the internal request
     * @param base64  whether vectors are answered as base64 little-endian float32
     */
    public record Parsed(EmbedRequest request, boolean base64) {
    }

    public static Parsed parse(JsonNode body, String requestId) {
        try {
            return read(body, requestId);
        } catch (OpenAiWireException e) {
            throw ApiException.badRequest(e);
        }
    }

    private static Parsed read(JsonNode body, String requestId) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KNOWN.contains(name)) {
                throw ApiException.badRequest("Unrecognized request argument supplied: " + name, name,
                                              "unknown_parameter");
            }
        }
        EmbedRequest.Builder request = EmbedRequest.newBuilder().setRequestId(requestId);
        JsonNode model = required(body, "model", "model");
        if (!model.isTextual() || model.asText().isBlank()) {
            throw invalidType("model", "a non-empty string");
        }
        request.setModel(ModelIds.require(model.asText(), "model"));
        inputs(required(body, "input", "input"), request);
        integer(body, "dimensions", "dimensions", 1, 65_536).ifPresent(dimensions -> request.setDimensions(
                dimensions.intValue()));
        string(body, "user", "user").ifPresent(request::setUser);
        boolean base64 = switch (string(body, "encoding_format", "encoding_format").orElse("float")) {
            case "float" -> false;
            case "base64" -> true;
            default -> throw invalidValue("encoding_format", "expected 'float' or 'base64'.");
        };
        return new Parsed(request.build(), base64);
    }

    private static void inputs(JsonNode input, EmbedRequest.Builder request) {
        if (input.isTextual()) {
            request.addInputs(text(input, "input"));
            return;
        }
        if (!input.isArray()) {
            throw invalidType("input", "a string, an array of strings or an array of token ids");
        }
        if (input.isEmpty()) {
            throw invalidValue("input", "at least one input is required.");
        }
        if (input.size() > MAX_INPUTS) {
            throw invalidValue("input", "at most " + MAX_INPUTS + " inputs are allowed, got " + input.size() + ".");
        }
        if (input.get(0).isIntegralNumber()) {
            request.addInputs(EmbedInput.newBuilder().setTokens(tokens(input, "input")));
            return;
        }
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            String path = "input[" + i + "]";
            if (item.isTextual()) {
                request.addInputs(text(item, path));
            } else if (item.isArray()) {
                request.addInputs(EmbedInput.newBuilder().setTokens(tokens(item, path)));
            } else {
                throw invalidType(path, "a string or an array of token ids");
            }
        }
    }

    private static EmbedInput text(JsonNode item, String path) {
        if (item.asText().isEmpty()) {
            throw invalidValue(path, "inputs must not be empty strings.");
        }
        return EmbedInput.newBuilder().setText(item.asText()).build();
    }

    private static TokenIds tokens(JsonNode array, String path) {
        if (array.isEmpty()) {
            throw invalidValue(path, "a token array must not be empty.");
        }
        TokenIds.Builder tokens = TokenIds.newBuilder();
        for (int i = 0; i < array.size(); i++) {
            JsonNode token = array.get(i);
            if (!token.isIntegralNumber() || token.asLong() < 0 || token.asLong() > Integer.MAX_VALUE) {
                throw invalidType(path + "[" + i + "]", "a token id (a non-negative integer)");
            }
            tokens.addIds(token.asInt());
        }
        return tokens.build();
    }
}
