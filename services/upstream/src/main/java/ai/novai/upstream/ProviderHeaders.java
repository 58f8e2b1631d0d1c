package ai.novai.upstream;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import ai.novai.common.models.ProviderEntry;

/**
 * The headers a provider entry adds to every request: its key, in {@code auth-header} ({@code authorization},
 * the default, sends {@code Authorization: Bearer <key>}; any other name, e.g. Azure's {@code api-key} or
 * Gemini's {@code x-goog-api-key}, carries the bare key), and static {@code headers} (a map). Read once when
 * the provider's adapter is created, so that a misconfigured entry stops the service at start-up instead of
 * failing every request.
 *
 * @param authHeader the header that carries the key
 * @param bearer     whether the key is sent as {@code Bearer <key>}
 * @param headers    static headers sent with every request
 */
public record ProviderHeaders(String authHeader, boolean bearer, Map<String, String> headers) {

    private static final String AUTHORIZATION = "Authorization";
    // Headers HTTP itself manages cannot be configured: they would corrupt the exchange.
    private static final Set<String> RESERVED = Set.of(
            "host", "connection", "content-length", "transfer-encoding", "expect", "upgrade", "te");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    public ProviderHeaders {
        headers = Map.copyOf(headers);
    }

    /**
     * The headers of a provider entry, with {@code defaultAuthHeader} when the entry names none.
     *
     * @throws IllegalStateException naming the header that cannot be sent
     */
    public static ProviderHeaders of(ProviderEntry provider, String defaultAuthHeader) {
        String configured = provider.settings().get("auth-header").asString().orElse(defaultAuthHeader).strip();
        boolean bearer = configured.equalsIgnoreCase(AUTHORIZATION);
        String authHeader = bearer ? AUTHORIZATION : configured;
        Map<String, String> headers = provider.settingsMap("headers");
        Stream.concat(Stream.of(authHeader), headers.keySet().stream()).forEach(name -> {
            if (RESERVED.contains(name.toLowerCase(Locale.ROOT)) || !TOKEN.matcher(name).matches()) {
                throw provider.misconfigured("header " + name + " cannot be sent");
            }
        });
        headers.forEach((name, value) -> {
            if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                throw provider.misconfigured("header " + name + " has a control character in its value");
            }
        });
        return new ProviderHeaders(authHeader, bearer, headers);
    }

    /** The headers with the OpenAI convention's default, {@code Authorization: Bearer <key>}. */
    public static ProviderHeaders of(ProviderEntry provider) {
        return of(provider, AUTHORIZATION);
    }

    /** Adds the static headers and the key (when the provider has one) to a request. */
    public UpstreamRequest applyTo(UpstreamRequest request, Optional<String> apiKey) {
        headers.forEach(request::header);
        apiKey.ifPresent(key -> request.header(authHeader, bearer ? "Bearer " + key : key));
        return request;
    }
}
