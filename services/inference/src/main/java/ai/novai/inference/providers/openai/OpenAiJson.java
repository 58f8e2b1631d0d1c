package ai.novai.inference.providers.openai;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

import ai.novai.inference.providers.ProviderFailure;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The adapter's one JSON mapper. Decimals are read as {@link java.math.BigDecimal} and written back as
 * they came, so that schemas the client gave as text (tool parameters, response formats) reach the
 * upstream with their numbers unchanged.
 */
final class OpenAiJson {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .build();

    private OpenAiJson() {
    }

    /** Upstream JSON; text that is not JSON means the upstream is broken. */
    static JsonNode parseUpstream(String json, String providerName) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw malformed(providerName, e);
        }
    }

    /** The failure for an upstream answer that is not the JSON it should be. */
    static ProviderFailure malformed(String providerName, JsonProcessingException cause) {
        return new ProviderFailure(ProviderFailure.Kind.SERVER_ERROR, providerName + " answered malformed JSON: "
                + cause.getOriginalMessage(), Optional.empty(), cause);
    }

    /** A request body. */
    static byte[] bytes(JsonNode json) {
        try {
            return MAPPER.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
