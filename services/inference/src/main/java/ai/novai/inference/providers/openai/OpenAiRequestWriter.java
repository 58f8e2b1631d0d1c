package ai.novai.inference.providers.openai;

import ai.novai.common.openai.ChatRequestWire;
import ai.novai.common.openai.OpenAiWireException;
import ai.novai.inference.providers.ProviderCall;
import ai.novai.upstream.UpstreamRejection;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes NovAI's chat request as an OpenAI Chat Completions body ({@link ChatRequestWire}) for one upstream: its
 * model name and what it calls the output limit. A request that cannot be written (JSON kept as text that is not
 * JSON) is refused before the upstream is called.
 */
final class OpenAiRequestWriter {

    private final String maxTokensField;

    OpenAiRequestWriter(String maxTokensField) {
        this.maxTokensField = maxTokensField;
    }

    /** The body for a call, streamed or not. */
    ObjectNode write(ProviderCall call, boolean stream) {
        try {
            return ChatRequestWire.write(call.request(), call.deployment().upstreamModel(), maxTokensField, stream);
        } catch (OpenAiWireException e) {
            throw new UpstreamRejection(e.getMessage(), e.param());
        }
    }
}
