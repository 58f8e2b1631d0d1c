package ai.novai.inference.providers.openai;

import java.net.URI;
import java.util.Set;

import ai.novai.common.models.ProviderEntry;
import ai.novai.upstream.ProviderHeaders;

/**
 * The provider entry's settings for an OpenAI-compatible upstream, read once when the translator is created
 * so that a misconfigured entry stops the service at start-up instead of failing every request.
 * <p>
 * Besides {@code base-url}, {@code query} (a map of query parameters, e.g. Azure's {@code api-version}) and the
 * {@link ProviderHeaders} ({@code auth-header}, {@code headers}): {@code max-tokens-field}
 * ({@code max_completion_tokens}, the default, or the legacy {@code max_tokens} for servers that only know that one).
 *
 * @param endpoint       the chat completions URL, query included
 * @param headers        the key's header and the static headers
 * @param maxTokensField the request field that carries {@code max_tokens}
 */
record OpenAiSettings(URI endpoint, ProviderHeaders headers, String maxTokensField) {

    static final String MAX_COMPLETION_TOKENS = "max_completion_tokens";
    static final String MAX_TOKENS = "max_tokens";

    /** The settings of a provider entry; throws {@link IllegalStateException} naming what is wrong. */
    static OpenAiSettings of(ProviderEntry provider) {
        String maxTokensField = provider.settings().get("max-tokens-field").asString()
                .orElse(MAX_COMPLETION_TOKENS).strip();
        if (!Set.of(MAX_COMPLETION_TOKENS, MAX_TOKENS).contains(maxTokensField)) {
            throw provider.misconfigured("max-tokens-field must be " + MAX_COMPLETION_TOKENS + " or " + MAX_TOKENS
                    + ", was " + maxTokensField);
        }
        return new OpenAiSettings(provider.endpoint("/chat/completions"), ProviderHeaders.of(provider),
                                  maxTokensField);
    }
}
