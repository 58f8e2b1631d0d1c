package ai.novai.common.models;

import java.util.Map;
import java.util.Optional;

import io.helidon.config.Config;

/**
 * A provider of the registry: where its API is and which environment variable holds its key.
 *
 * @param name      provider name models refer to
 * @param type      adapter type, e.g. {@code openai}, {@code anthropic}, {@code echo}, {@code local-onnx}
 * @param baseUrl   base URL of the provider's API, if it has one
 * @param apiKeyEnv environment variable holding the API key, if the provider needs one
 * @param settings  the provider's whole registry entry, for settings only its adapter knows
 *                  (timeouts, API versions, pacing, ...)
 */
public record ProviderEntry(String name, String type, Optional<String> baseUrl, Optional<String> apiKeyEnv,
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
}
