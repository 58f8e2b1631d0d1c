package ai.novai.common.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON mapper of every OpenAI and provider body (the upstream layer's too). Decimals are read as
 * {@link java.math.BigDecimal} and written back as they came, so that JSON kept as text (tool parameters, response
 * schemas, pass-through fields, tool arguments) reaches the other side with its numbers unchanged.
 */
public final class WireJson {

    /** The mapper for wire JSON. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private WireJson() {
    }

    /** A new, empty object. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** JSON kept as text, embedded as JSON; text that is not JSON names the parameter it belongs to. */
    static JsonNode embedded(String json, String path) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw OpenAiWireException.invalidValue(path, "it is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
