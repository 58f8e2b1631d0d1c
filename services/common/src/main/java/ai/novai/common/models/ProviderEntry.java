package ai.novai.common.models;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.Optional;

import io.helidon.config.Config;

/**
 * A provider of the registry: where its API is and which environment variable holds its key.
 *
 * @param name      provider name models refer to
 * @param type      which adapter serves it
 * @param baseUrl   base URL of the provider's API, if it has one
 * @param apiKeyEnv environment variable holding the API key, if the provider needs one
 * @param settings  the provider's whole registry entry, for settings only its adapter knows
 *                  (timeouts, API versions, pacing, ...)
 */
public record ProviderEntry(String name, ProviderType type, Optional<String> baseUrl, Optional<String> apiKeyEnv,
                            Config settings) {

    /** The API key from the environment, if the provider has one. */
    public Optional<String> apiKey(Map<String, String> environment) {
        return apiKeyEnv.map(environment::get).filter(key -> !key.isBlank());
    }

    /**
     * Whether the provider can be called: it needs no key, or its key variable is set.
     * Models of a provider without credentials are not offered.
     */
    public boolean hasCredentials(Map<String, String> environment) {
        return apiKeyEnv.map(variable -> {
            String value = environment.get(variable);
            return value != null && !value.isBlank();
        }).orElse(true);
    }

    /**
     * The URL of one of the provider's operations: {@code base-url} (no query, trailing slashes ignored)
     * plus {@code path}, plus the {@code query} settings (e.g. Azure's {@code api-version}).
     *
     * @throws IllegalStateException when the base URL is missing or not an http(s) URL
     */
    public URI endpoint(String path) {
        String base = baseUrl()
                .orElseThrow(() -> misconfigured("base-url is required (e.g. https://api.openai.com/v1)"));
        if (base.contains("?") || base.contains("#")) {
            throw misconfigured("base-url must not carry a query or fragment; put query parameters under query");
        }
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        settingsMap("query").forEach((name, value) -> query.add(encode(name) + "=" + encode(value)));
        URI endpoint;
        try {
            endpoint = URI.create(base + path + query);
        } catch (IllegalArgumentException e) {
            throw misconfigured("base-url is not a URL: " + e.getMessage());
        }
        if (!List.of("http", "https").contains(String.valueOf(endpoint.getScheme())) || endpoint.getHost() == null) {
            throw misconfigured("base-url must be an http or https URL, was " + base);
        }
        return endpoint;
    }

    /**
     * A setting that maps names to values (e.g. {@code headers}, {@code query}); empty when absent.
     *
     * @throws IllegalStateException when the setting is not such a map
     */
    public Map<String, String> settingsMap(String key) {
        Config node = settings.get(key);
        if (!node.exists()) {
            return Map.of();
        }
        if (node.type() != Config.Type.OBJECT) {
            throw misconfigured(key + " must be a map of names to values");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Config entry : node.asNodeList().orElse(List.of())) {
            values.put(entry.name(), entry.asString().orElseThrow(
                    () -> misconfigured(key + "." + entry.name() + " must be a single value")));
        }
        return values;
    }

    /** The start-up failure for a wrong setting of this provider, naming it. */
    public IllegalStateException misconfigured(String problem) {
        return new IllegalStateException("provider " + name + " (type " + type.configName() + "): " + problem);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
