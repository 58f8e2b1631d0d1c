package ai.novai.inference.providers.anthropic;

import java.io.IOException;

import ai.novai.inference.providers.ProviderFailure;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The JSON mapper of the adapter. Numbers are kept exactly as written (decimals as {@code BigDecimal}),
 * because tool schemas and tool arguments pass through NovAI as JSON text and must come out as the model
 * or the client wrote them.
 */
final class AnthropicJson {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private AnthropicJson() {
    }

    /**
     * Parses what the upstream sent.
     *
     * @throws ProviderFailure of kind SERVER_ERROR when it is not JSON: the upstream is broken, not the request
     */
    static JsonNode parseUpstream(byte[] json, String providerName) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || !node.isObject()) {
                throw new ProviderFailure(ProviderFailure.Kind.SERVER_ERROR,
                                          providerName + " answered with something other than a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new ProviderFailure(ProviderFailure.Kind.SERVER_ERROR,
                                      providerName + " answered with malformed JSON: " + (e instanceof JsonProcessingException parse
                                              ? parse.getOriginalMessage() : e.getMessage()),
                                      java.util.Optional.empty(), e);
        }
    }

    /** Compact JSON text of a node. */
    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }
}
