package ai.novai.embedding.openai;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import ai.novai.common.models.ProviderEntry;
import io.helidon.config.Config;

/**
 * The provider entry's settings for an OpenAI-compatible upstream, read once when the adapter is created
 * so that a misconfigured entry stops the service at start-up instead of failing every request. They are
 * the settings the inference service's chat adapter reads from the same entry.
 * <p>
 * Besides {@code base-url}: {@code auth-header} ({@code authorization}, the default, sends
 * {@code Authorization: Bearer <key>}; any other name, e.g. Azure's {@code api-key}, carries the bare key),
 * {@code query} (a map of query parameters, e.g. Azure's {@code api-version}) and {@code headers} (a map of
 * static headers).
 *
 * @param endpoint   the embeddings URL, query included
 * @param authHeader the header that carries the key
 * @param bearer     whether the key is sent as {@code Bearer <key>}
 * @param headers    static headers sent with every request
 */
record OpenAiEmbeddingSettings(URI endpoint, String authHeader, boolean bearer, Map<String, String> headers) {

    private static final String AUTHORIZATION = "Authorization";

    OpenAiEmbeddingSettings {
        headers = Map.copyOf(headers);
    }

    /** The settings of a provider entry; throws {@link IllegalStateException} naming what is wrong. */
    static OpenAiEmbeddingSettings of(ProviderEntry provider) {
        String authHeader = provider.settings().get("auth-header").asString().orElse(AUTHORIZATION).strip();
        boolean bearer = authHeader.equalsIgnoreCase(AUTHORIZATION);
        String header = bearer ? AUTHORIZATION : authHeader;
        Map<String, String> headers = map(provider, "headers");
        checkHeaders(provider, header, headers);
        return new OpenAiEmbeddingSettings(endpoint(provider), header, bearer, headers);
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
            endpoint = URI.create(base + "/embeddings" + query);
        } catch (IllegalArgumentException e) {
            throw invalid(provider, "base-url is not a URL: " + e.getMessage());
        }
        if (!List.of("http", "https").contains(String.valueOf(endpoint.getScheme())) || endpoint.getHost() == null) {
            throw invalid(provider, "base-url must be an http or https URL, was " + base);
        }
        return endpoint;
    }

    // The JDK client refuses some headers (Host, Connection, ...): find out now rather than per request.
    private static void checkHeaders(ProviderEntry provider, String authHeader, Map<String, String> headers) {
        HttpRequest.Builder probe = HttpRequest.newBuilder();
        try {
            probe.header(authHeader, "key");
        } catch (IllegalArgumentException e) {
            throw invalid(provider, "auth-header " + authHeader + " cannot be sent: " + e.getMessage());
        }
        headers.forEach((name, value) -> {
            try {
                probe.header(name, value);
            } catch (IllegalArgumentException e) {
                throw invalid(provider, "header " + name + " cannot be sent: " + e.getMessage());
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
