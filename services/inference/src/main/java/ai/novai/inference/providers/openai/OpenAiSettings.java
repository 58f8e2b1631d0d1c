package ai.novai.inference.providers.openai;

import java.net.URI;
import java.util.Map;
import java.util.Set;

import ai.novai.common.models.ProviderEntry;
import io.helidon.config.Config;

/**
 * The provider entry's settings for an OpenAI-compatible upstream, read once when the adapter is created
 * so that a misconfigured entry stops the service at start-up instead of failing every request.
 * <p>
 * Besides {@code base-url}: {@code auth-header} ({@code authorization}, the default, sends
 * {@code Authorization: Bearer <key>}; any other name, e.g. Azure's {@code api-key}, carries the bare key),
 * {@code query} (a map of query parameters, e.g. Azure's {@code api-version}), {@code headers} (a map of
 * static headers) and {@code max-tokens-field} ({@code max_completion_tokens}, the default, or the legacy
 * {@code max_tokens} for servers that only know that one).
 *
 * @param endpoint       the chat completions URL, query included
 * @param authHeader     the header that carries the key
 * @param bearer         whether the key is sent as {@code Bearer <key>}
 * @param headers        static headers sent with every request
 * @param maxTokensField the request field that carries {@code max_tokens}
 */
record OpenAiSettings(URI endpoint, String authHeader, boolean bearer, Map<String, String> headers,
                      String maxTokensField) {

    static final String MAX_COMPLETION_TOKENS = "max_completion_tokens";
    static final String MAX_TOKENS = "max_tokens";
    private static final String AUTHORIZATION = "Authorization";

    OpenAiSettings {
        headers = Map.copyOf(headers);
    }

    /** The settings of a provider entry; throws {@link IllegalStateException} naming what is wrong. */
    static OpenAiSettings of(ProviderEntry provider) {
        Config settings = provider.settings();
        String authHeader = settings.get("auth-header").asString().orElse(AUTHORIZATION).strip();
        boolean bearer = authHeader.equalsIgnoreCase(AUTHORIZATION);
        String maxTokensField = settings.get("max-tokens-field").asString().orElse(MAX_COMPLETION_TOKENS).strip();
        if (!Set.of(MAX_COMPLETION_TOKENS, MAX_TOKENS).contains(maxTokensField)) {
            throw provider.misconfigured("max-tokens-field must be " + MAX_COMPLETION_TOKENS + " or " + MAX_TOKENS
                    + ", was " + maxTokensField);
        }
        Map<String, String> headers = provider.settingsMap("headers");
        checkHeaders(provider, bearer ? AUTHORIZATION : authHeader, headers);
        return new OpenAiSettings(provider.endpoint("/chat/completions"), bearer ? AUTHORIZATION : authHeader, bearer, headers,
                                  maxTokensField);
    }

    // Headers HTTP itself manages cannot be configured: they would corrupt the exchange.
    private static final java.util.Set<String> RESERVED = java.util.Set.of(
            "host", "connection", "content-length", "transfer-encoding", "expect", "upgrade", "te");

    private static void checkHeaders(ProviderEntry provider, String authHeader, Map<String, String> headers) {
        java.util.stream.Stream.concat(java.util.stream.Stream.of(authHeader), headers.keySet().stream())
                .forEach(name -> {
                    if (RESERVED.contains(name.toLowerCase(java.util.Locale.ROOT))
                            || !name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                        throw provider.misconfigured("header " + name + " cannot be sent");
                    }
                });
    }
}
