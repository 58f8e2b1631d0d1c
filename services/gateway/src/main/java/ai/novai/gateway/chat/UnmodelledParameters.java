package ai.novai.gateway.chat;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import ai.novai.common.openai.ChatRequestWire;
import ai.novai.common.openai.PassthroughFields;
import ai.novai.gateway.errors.ApiException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The gateway's policy for the top-level fields of a chat request that NovAI does not model: OpenAI parameters
 * whose output NovAI cannot produce are refused; the effect-free hints and unknown fields that look like OpenAI
 * parameters (a parameter newer than NovAI) are passed on ({@link PassthroughFields}: OpenAI-compatible upstreams
 * get them, other adapters ignore the hints and refuse the rest); anything else is a 400, so that a field that
 * cannot be a parameter (a misspelt one in another case, a huge name) never goes unnoticed.
 */
final class UnmodelledParameters {

    /** Parameters whose output NovAI cannot produce. */
    private static final Set<String> REFUSED = Set.of(
            "audio", "prediction", "web_search_options", "moderation", "functions", "function_call");

    /** Parameters the gateway itself reads beyond the modelled ones. */
    private static final Set<String> GATEWAY_OWN = Set.of("modalities");

    private UnmodelledParameters() {
    }

    /**
     * The fields to pass on, as the JSON object of {@code ChatRequest.passthrough_json} ("" when none).
     *
     * @throws ApiException 400 for a refused field, one that cannot be a parameter, or one too many
     * @throws ai.novai.common.openai.OpenAiWireException for a hint of the wrong type
     */
    static String read(JsonNode body) {
        ObjectNode passthrough = JsonNodeFactory.instance.objectNode();
        int unknown = 0;
        for (Iterator<Map.Entry<String, JsonNode>> fields = body.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            if (ChatRequestWire.FIELDS.contains(name) || GATEWAY_OWN.contains(name)) {
                continue;
            }
            if (REFUSED.contains(name)) {
                throw ApiException.badRequest("'" + name + "' is not supported by this gateway.", name,
                                              "unsupported_parameter");
            }
            if (field.getValue().isNull()) {
                continue;
            }
            if (PassthroughFields.HINTS.containsKey(name)) {
                passthrough.set(name, PassthroughFields.readHint(name, field.getValue()));
                continue;
            }
            if (!PassthroughFields.NAME.matcher(name).matches() || ++unknown > PassthroughFields.MAX_FIELDS) {
                throw ApiException.badRequest("Unrecognized request argument supplied: " + name, name,
                                              "unknown_parameter");
            }
            passthrough.set(name, field.getValue());
        }
        return passthrough.isEmpty() ? "" : passthrough.toString();
    }
}
