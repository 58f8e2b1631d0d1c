package ai.novai.common.models;

import ai.novai.common.config.ConfigName;

/**
 * The kinds of provider the registry knows ({@code providers.<name>.type}); each service creates the
 * adapters of the types it serves and says so for the others. An unknown type is refused when the registry
 * is read, so every service agrees on what a registry may hold.
 */
public enum ProviderType implements ConfigName {

    /** NovAI's own test provider: answers with what it was sent (chat only). */
    ECHO("echo"),
    /** OpenAI's API and every API compatible with it (chat and embeddings). */
    OPENAI("openai"),
    /** Anthropic's Messages API (chat only). */
    ANTHROPIC("anthropic"),
    /** Google's Gemini API, {@code generateContent} (chat only). */
    GEMINI("gemini"),
    /** Amazon Bedrock's Converse API, signed with SigV4 (chat only). */
    BEDROCK("bedrock"),
    /** Sentence-embedding models run in the embedding service itself (embeddings only). */
    LOCAL_ONNX("local-onnx");

    private final String configName;

    ProviderType(String configName) {
        this.configName = configName;
    }

    /** The type as the registry spells it, also the {@code gen_ai.provider.name} of its calls. */
    @Override
    public String configName() {
        return configName;
    }
}
