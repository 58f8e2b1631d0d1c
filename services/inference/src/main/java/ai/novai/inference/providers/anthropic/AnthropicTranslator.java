package ai.novai.inference.providers.anthropic;

import java.net.URI;
import java.net.URISyntaxException;

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
 * The translator of a provider of type {@code anthropic} (the Messages API): {@code POST {base-url}/v1/messages}
 * with the provider's key in {@code x-api-key} (or the entry's {@code auth-header}) and the API version in
 * {@code anthropic-version} (provider setting {@code anthropic-version}, default {@value #DEFAULT_VERSION}).
 * The body is written by {@link AnthropicRequestWriter}, the answer read by {@link AnthropicResponseReader}, a
 * stream by {@link AnthropicStreamTranslator}; Anthropic's error bodies and its 529 {@code overloaded_error} are
 * classified by the upstream layer like everybody else's.
 */
public final class AnthropicTranslator implements ChatTranslator {

    /** The API version sent when the provider entry names none. */
    public static final String DEFAULT_VERSION = "2023-06-01";

    private final String providerName;
    private final URI endpoint;
    private final String version;
    private final ProviderHeaders headers;

    /**
     * The translator of one provider entry.
     *
     * @throws IllegalStateException when the entry has no usable {@code base-url}: better at start-up than
     *                               at the first request
     */
    public AnthropicTranslator(ProviderEntry provider) {
        this.providerName = provider.name();
        this.endpoint = endpoint(provider);
        this.version = provider.settings().get("anthropic-version").asString()
                .filter(value -> !value.isBlank())
                .orElse(DEFAULT_VERSION);
        this.headers = ProviderHeaders.of(provider, "x-api-key");
    }

    // {base-url}/v1/messages; a base URL that already ends in /v1 is accepted too.
    private static URI endpoint(ProviderEntry provider) {
        String base = provider.baseUrl().map(String::strip).filter(url -> !url.isEmpty())
                .orElseThrow(() -> new IllegalStateException("provider " + provider.name()
                                                                     + " (anthropic) has no base-url"));
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        String path = base.endsWith("/v1") ? "/messages" : "/v1/messages";
        try {
            URI uri = new URI(base + path);
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new URISyntaxException(base, "not an http(s) URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("provider " + provider.name() + " has an invalid base-url " + base, e);
        }
    }

    // Anthropic's Messages API has neither logprobs nor n
    @Override
    public ProviderFeatures features() {
        return ProviderFeatures.NONE;
    }

    @Override
    public UpstreamRequest request(ProviderCall call, boolean stream) {
        return JsonPost.of(endpoint, AnthropicRequestWriter.write(call, stream), stream, call, headers)
                .header("anthropic-version", version);
    }

    @Override
    public ChatCompletion completion(JsonNode body, ProviderCall call) {
        return AnthropicResponseReader.completion(body, call, providerName);
    }

    @Override
    public StreamTranslation stream(ProviderCall call, ChunkSink sink) {
        return new AnthropicStreamTranslator(call, sink, providerName);
    }
}
