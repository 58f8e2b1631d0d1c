package ai.novai.inference.providers.gemini;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import ai.novai.common.models.ProviderEntry;
import ai.novai.inference.providers.ChatTranslator;
import ai.novai.inference.providers.ChunkSink;
import ai.novai.inference.providers.JsonPost;
import ai.novai.inference.providers.ProviderCall;
import ai.novai.inference.providers.ProviderFeatures;
import ai.novai.inference.providers.StreamTranslation;
import ai.novai.proto.inference.v1.ChatCompletion;
import ai.novai.upstream.ProviderHeaders;
import ai.novai.upstream.UpstreamRequest;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The translator of a provider of type {@code gemini} (Google's Gemini API, {@code base-url} e.g.
 * {@code https://generativelanguage.googleapis.com/v1beta}): {@code POST {base-url}/models/{model}:generateContent},
 * streamed {@code :streamGenerateContent?alt=sse}, the key in {@code x-goog-api-key} (or the entry's
 * {@code auth-header}). The body is written by {@link GeminiRequestWriter}, the answer read by
 * {@link GeminiResponseReader}, a stream by {@link GeminiStreamTranslator}; Gemini's error bodies
 * ({@code error.message}) are classified by the upstream layer like everybody else's.
 */
public final class GeminiTranslator implements ChatTranslator {

    private final String providerName;
    private final URI models;
    private final ProviderHeaders headers;

    /**
     * The translator of one provider entry.
     *
     * @throws IllegalStateException when the entry has no usable {@code base-url}
     */
    public GeminiTranslator(ProviderEntry provider) {
        this.providerName = provider.name();
        this.models = provider.endpoint("/models/");
        if (models.getQuery() != null) {
            throw provider.misconfigured("a gemini provider takes no query settings");
        }
        this.headers = ProviderHeaders.of(provider, "x-goog-api-key");
    }

    // n > 1 is candidateCount; Gemini's logprobs are not mapped yet
    @Override
    public ProviderFeatures features() {
        return new ProviderFeatures(false, true);
    }

    @Override
    public UpstreamRequest request(ProviderCall call, boolean stream) {
        String upstreamModel = call.deployment().upstreamModel();
        // Google's own examples name models both ways: gemini-2.5-flash and models/gemini-2.5-flash
        String model = URLEncoder.encode(upstreamModel.startsWith("models/") ? upstreamModel.substring(7) : upstreamModel,
                                         StandardCharsets.UTF_8);
        // appended, not resolved: "gemini-2.5-flash:generateContent" would resolve as a URI with a scheme
        URI uri = URI.create(models + model + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent"));
        return JsonPost.of(uri, GeminiRequestWriter.write(call), stream, call, headers);
    }

    @Override
    public ChatCompletion completion(JsonNode body, ProviderCall call) {
        return GeminiResponseReader.completion(body, call, providerName);
    }

    @Override
    public StreamTranslation stream(ProviderCall call, ChunkSink sink) {
        return new GeminiStreamTranslator(call, sink, providerName);
    }
}
