package ai.novai.embedding.openai;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;

import ai.novai.common.models.ProviderEntry;

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
        Map<String, String> headers = provider.settingsMap("headers");
        checkHeaders(provider, header, headers);
        return new OpenAiEmbeddingSettings(provider.endpoint("/embeddings"), header, bearer, headers);
    }

    // The JDK client refuses some headers (Host, Connection, ...): find out now rather than per request.
    private static void checkHeaders(ProviderEntry provider, String authHeader, Map<String, String> headers) {
        HttpRequest.Builder probe = HttpRequest.newBuilder();
        try {
            probe.header(authHeader, "key");
        } catch (IllegalArgumentException e) {
            throw provider.misconfigured("auth-header " + authHeader + " cannot be sent: " + e.getMessage());
        }
        headers.forEach((name, value) -> {
            try {
                probe.header(name, value);
            } catch (IllegalArgumentException e) {
                throw provider.misconfigured("header " + name + " cannot be sent: " + e.getMessage());
            }
        });
    }
}
