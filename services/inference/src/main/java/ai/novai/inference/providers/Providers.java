package ai.novai.inference.providers;

import java.util.HashMap;
import java.util.Map;

import ai.novai.common.models.ModelRegistry;
import ai.novai.common.models.ProviderEntry;
import ai.novai.inference.providers.anthropic.AnthropicTranslator;
import ai.novai.inference.providers.bedrock.BedrockTranslator;
import ai.novai.inference.providers.echo.EchoProvider;
import ai.novai.inference.providers.gemini.GeminiTranslator;
import ai.novai.inference.providers.openai.OpenAiTranslator;
import ai.novai.upstream.UpstreamClient;

/**
 * The adapter of each provider of the registry, created once at start-up by the provider's
 * {@code type}: {@code echo}, {@code openai} (and everything OpenAI-compatible), {@code anthropic}, {@code gemini}, {@code bedrock}.
 */
public final class Providers {

    private final Map<String, ChatProvider> byProvider;

    private Providers(Map<String, ChatProvider> byProvider) {
        this.byProvider = Map.copyOf(byProvider);
    }

    /** Given adapters by provider name (tests script their own). */
    public static Providers of(Map<String, ChatProvider> byProvider) {
        return new Providers(byProvider);
    }

    /** Adapters for every chat-capable provider of the registry. */
    public static Providers create(ModelRegistry registry) {
        Map<String, ChatProvider> adapters = new HashMap<>();
        for (ProviderEntry provider : registry.providers()) {
            adapter(provider).ifPresent(adapter -> adapters.put(provider.name(), adapter));
        }
        return new Providers(adapters);
    }

    private static java.util.Optional<ChatProvider> adapter(ProviderEntry provider) {
        return switch (provider.type()) {
            case ECHO -> java.util.Optional.of(new EchoProvider());
            case OPENAI -> java.util.Optional.of(overHttp(provider, new OpenAiTranslator(provider)));
            case ANTHROPIC -> java.util.Optional.of(overHttp(provider, new AnthropicTranslator(provider)));
            case GEMINI -> java.util.Optional.of(overHttp(provider, new GeminiTranslator(provider)));
            case BEDROCK -> java.util.Optional.of(overHttp(provider, new BedrockTranslator(provider)));
            // embedding-only providers have no chat adapter
            case LOCAL_ONNX -> java.util.Optional.empty();
        };
    }

    private static ChatProvider overHttp(ProviderEntry provider, ChatTranslator translator) {
        return new HttpChatProvider(translator, UpstreamClient.create(provider));
    }

    /** The adapter of a provider. */
    public ChatProvider of(ProviderEntry provider) {
        ChatProvider adapter = byProvider.get(provider.name());
        if (adapter == null) {
            throw new IllegalStateException("provider " + provider.name() + " has no chat adapter");
        }
        return adapter;
    }
}
