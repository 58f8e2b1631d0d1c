package ai.novai.upstream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

import ai.novai.common.openai.WireJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JSON of provider bodies. Decimals are read as {@link java.math.BigDecimal} and written back exactly as
 * they came, so that schemas and tool arguments that pass through NovAI as JSON text reach the other side with
 * their numbers unchanged.
 */
public final class UpstreamJson {

    /** The mapper every translator uses: the OpenAI codec's, so that one configuration reads every body. */
    public static final ObjectMapper MAPPER = WireJson.MAPPER;

    private UpstreamJson() {
    }

    /**
     * A JSON object the upstream sent (a body, or the data of one event).
     *
     * @throws UpstreamFailure of kind SERVER_ERROR when it is not a JSON object: the upstream is broken, not the
     *                         request
     */
    public static JsonNode parse(String json, String providerName) {
        try {
            return object(MAPPER.readTree(json), providerName);
        } catch (JsonProcessingException e) {
            throw malformed(providerName, e);
        }
    }

    /** As {@link #parse(String, String)}, from bytes. */
    public static JsonNode parse(byte[] json, String providerName) {
        try {
            return object(MAPPER.readTree(json), providerName);
        } catch (JsonProcessingException e) {
            throw malformed(providerName, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A body to send. */
    public static byte[] bytes(JsonNode json) {
        try {
            return MAPPER.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    /** Compact JSON text of a node. */
    public static String text(JsonNode json) {
        try {
            return MAPPER.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    /** The failure for an upstream answer that is not the JSON it should be. */
    public static UpstreamFailure malformed(String providerName, JsonProcessingException cause) {
        return new UpstreamFailure(UpstreamFailure.Kind.SERVER_ERROR, providerName + " answered malformed JSON: "
                + cause.getOriginalMessage(), Optional.empty(), cause);
    }

    private static JsonNode object(JsonNode node, String providerName) {
        if (node == null || !node.isObject()) {
            throw new UpstreamFailure(UpstreamFailure.Kind.SERVER_ERROR,
                                      providerName + " answered with something other than a JSON object");
        }
        return node;
    }
}
