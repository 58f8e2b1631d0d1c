package ai.novai.inference.providers.openai;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

import ai.novai.common.openai.WireJson;
import ai.novai.inference.providers.ProviderFailure;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The adapter's one JSON mapper: the shared codec's ({@link WireJson}), which keeps decimals as they came.
 */
final class OpenAiJson {

    static final ObjectMapper MAPPER = WireJson.MAPPER;

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
