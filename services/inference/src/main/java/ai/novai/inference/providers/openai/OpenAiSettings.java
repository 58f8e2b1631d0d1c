package ai.novai.inference.providers.openai;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

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
            throw invalid(provider, "max-tokens-field must be " + MAX_COMPLETION_TOKENS + " or " + MAX_TOKENS
                    + ", was " + maxTokensField);
        }
        Map<String, String> headers = map(provider, "headers");
        checkHeaders(provider, bearer ? AUTHORIZATION : authHeader, headers);
        return new OpenAiSettings(endpoint(provider), bearer ? AUTHORIZATION : authHeader, bearer, headers,
                                  maxTokensField);
    }

    private static URI endpoint(ProviderEntry provider) {
        String base = provider.baseUrl().map(String::strip).filter(url -> !url.isEmpty())
                .orElseThrow(() -> invalid(provider, "base-url is required (e.g. https://api.openai.com/v1)"));
        if (base.contains("?") || base.contains("#")) {
            throw invalid(provider, "base-url must not carry a query or fragment; put query parameters under query");
        }
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        map(provider, "query").forEach((name, value) -> query.add(encode(name) + "=" + encode(value)));
        URI endpoint;
        try {
            endpoint = URI.create(base + "/chat/completions" + query);
        } catch (IllegalArgumentException e) {
            throw invalid(provider, "base-url is not a URL: " + e.getMessage());
        }
        if (!List.of("http", "https").contains(String.valueOf(endpoint.getScheme())) || endpoint.getHost() == null) {
            throw invalid(provider, "base-url must be an http or https URL, was " + base);
        }
        return endpoint;
    }

    // Headers HTTP itself manages cannot be configured: they would corrupt the exchange.
    private static final java.util.Set<String> RESERVED = java.util.Set.of(
            "host", "connection", "content-length", "transfer-encoding", "expect", "upgrade", "te");

    private static void checkHeaders(ProviderEntry provider, String authHeader, Map<String, String> headers) {
        java.util.stream.Stream.concat(java.util.stream.Stream.of(authHeader), headers.keySet().stream())
                .forEach(name -> {
                    if (RESERVED.contains(name.toLowerCase(java.util.Locale.ROOT))
                            || !name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                        throw invalid(provider, "header " + name + " cannot be sent");
                    }
                });
    }

    private static Map<String, String> map(ProviderEntry provider, String key) {
        Config node = provider.settings().get(key);
        if (!node.exists()) {
            return Map.of();
        }
        if (node.type() != Config.Type.OBJECT) {
            throw invalid(provider, key + " must be a map of names to values");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Config entry : node.asNodeList().orElse(List.of())) {
            values.put(entry.name(), entry.asString().orElseThrow(
                    () -> invalid(provider, key + "." + entry.name() + " must be a single value")));
        }
        return values;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static IllegalStateException invalid(ProviderEntry provider, String problem) {
        return new IllegalStateException("provider " + provider.name() + " (type " + provider.type() + "): "
                                                 + problem);
    }
}
