package ai.novai.inference.providers.openai;

import ai.novai.common.models.ProviderEntry;
import ai.novai.common.openai.ChatRequestWire;
import ai.novai.common.openai.OpenAiWireException;
import ai.novai.inference.providers.ChatTranslator;
import ai.novai.inference.providers.ChunkSink;
import ai.novai.inference.providers.JsonPost;
import ai.novai.inference.providers.ProviderCall;
import ai.novai.inference.providers.ProviderFeatures;
import ai.novai.inference.providers.StreamTranslation;
import ai.novai.proto.inference.v1.ChatCompletion;
import ai.novai.upstream.UpstreamRejection;
import ai.novai.upstream.UpstreamRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The translator for every upstream that speaks OpenAI's Chat Completions ({@code POST {base-url}/chat/completions}):
 * OpenAI itself, Azure OpenAI (with {@code auth-header: api-key} and {@code query: {api-version: ...}}), and the
 * OpenAI-compatible servers (vLLM, Ollama, llama.cpp, Groq, Together, DeepSeek, Mistral, ...). One format, many
 * servers: the differences between them are settings of the provider entry (see {@link OpenAiSettings}), not code.
 * The format is NovAI's own, so this is the thinnest translator: the model is rewritten to the deployment's
 * upstream model, and the stream's usage is moved to one last chunk.
 */
public final class OpenAiTranslator implements ChatTranslator {

    private final String providerName;
    private final OpenAiSettings settings;

    /**
     * The translator of one provider entry.
     *
     * @throws IllegalStateException when the entry has no usable {@code base-url} or a bad setting
     */
    public OpenAiTranslator(ProviderEntry provider) {
        this.providerName = provider.name();
        this.settings = OpenAiSettings.of(provider);
    }

    // OpenAI's API has both; an OpenAI-compatible server without them answers 400 itself, passed on as such
    @Override
    public ProviderFeatures features() {
        return ProviderFeatures.ALL;
    }

    @Override
    public UpstreamRequest request(ProviderCall call, boolean stream) {
        return JsonPost.of(settings.endpoint(), body(call, stream), stream, call, settings.headers());
    }

    // The codec's body with the upstream's model name and output-limit field; JSON kept as text that is not JSON
    // is refused before the upstream is called.
    private ObjectNode body(ProviderCall call, boolean stream) {
        try {
            return ChatRequestWire.write(call.request(), call.deployment().upstreamModel(), settings.maxTokensField(),
                                         stream);
        } catch (OpenAiWireException e) {
            throw new UpstreamRejection(e.getMessage(), e.param());
        }
    }

    @Override
    public ChatCompletion completion(JsonNode body, ProviderCall call) {
        return OpenAiResponseReader.completion(body, call);
    }

    @Override
    public StreamTranslation stream(ProviderCall call, ChunkSink sink) {
        return new OpenAiStream(call, sink);
    }
}
