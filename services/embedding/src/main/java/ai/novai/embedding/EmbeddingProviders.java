package ai.novai.embedding;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ai.novai.common.models.Deployment;
import ai.novai.common.models.ModelEntry;
import ai.novai.common.models.ModelRegistry;
import ai.novai.common.models.ProviderEntry;
import ai.novai.embedding.batching.BatchingSettings;
import ai.novai.embedding.local.LocalOnnxProvider;
import ai.novai.embedding.local.OnnxSettings;
import ai.novai.embedding.openai.OpenAiEmbeddingProvider;
import ai.novai.embedding.providers.EmbeddingProvider;
import ai.novai.proto.common.v1.ModelKind;
import io.helidon.config.Config;

/**
 * The embedding adapter of each provider that serves an offered embedding model, created once at
 * start-up by the provider's {@code type}: {@code local-onnx} (its models loaded now, which takes
 * seconds) and {@code openai} (and everything OpenAI-compatible). A deployment on a provider of another
 * type (a chat-only one) cannot serve embeddings and is ignored, with a warning.
 */
final class EmbeddingProviders implements AutoCloseable {

    private static final System.Logger LOGGER = System.getLogger(EmbeddingProviders.class.getName());

    private final Map<String, EmbeddingProvider> byProvider;

    private EmbeddingProviders(Map<String, EmbeddingProvider> byProvider) {
        this.byProvider = Map.copyOf(byProvider);
    }

    /** Given adapters by provider name (tests bring their own). */
    static EmbeddingProviders of(Map<String, EmbeddingProvider> byProvider) {
        return new EmbeddingProviders(byProvider);
    }

    /**
     * Adapters for the providers of the embedding models the environment makes available.
     *
     * @param registry    the model registry
     * @param environment where provider keys are looked up
     * @param embedding   the service's {@code embedding} configuration ({@code onnx}, {@code batching})
     * @throws IllegalStateException when a provider entry or a local model cannot be set up
     */
    static EmbeddingProviders create(ModelRegistry registry, Map<String, String> environment, Config embedding) {
        // read whether or not a local model is offered, so that a wrong setting never waits for one to be
        OnnxSettings onnx = OnnxSettings.from(embedding.get("onnx"));
        BatchingSettings batching = BatchingSettings.from(embedding.get("batching"));
        // provider -> upstream model -> the registry entries deployed on it
        Map<String, Map<String, List<ModelEntry>>> deployed = new LinkedHashMap<>();
        for (ModelEntry model : registry.offered(ModelKind.MODEL_KIND_EMBEDDING, environment)) {
            for (Deployment deployment : registry.usableDeployments(model, environment)) {
                deployed.computeIfAbsent(deployment.provider(), name -> new LinkedHashMap<>())
                        .computeIfAbsent(deployment.upstreamModel(), name -> new ArrayList<>())
                        .add(model);
            }
        }
        Map<String, EmbeddingProvider> adapters = new LinkedHashMap<>();
        try {
            deployed.forEach((name, models) -> adapter(registry.provider(name).orElseThrow(), models, onnx, batching)
                    .ifPresent(adapter -> adapters.put(name, adapter)));
        } catch (RuntimeException e) {
            adapters.values().forEach(EmbeddingProvider::close);
            throw e;
        }
        return new EmbeddingProviders(adapters);
    }

    private static Optional<EmbeddingProvider> adapter(ProviderEntry provider, Map<String, List<ModelEntry>> models,
                                                       OnnxSettings onnx, BatchingSettings batching) {
        return switch (provider.type()) {
            case LOCAL_ONNX -> Optional.of(LocalOnnxProvider.load(provider.name(), models, onnx, batching));
            case OPENAI -> Optional.of(new OpenAiEmbeddingProvider(provider));
            // chat-only types
            case ECHO, ANTHROPIC, GEMINI, BEDROCK -> {
                LOGGER.log(System.Logger.Level.WARNING, "provider " + provider.name() + " (type "
                        + provider.type().configName()
                        + ") cannot serve embeddings; ignoring its deployments of " + models.values().stream()
                        .flatMap(List::stream).map(ModelEntry::id).distinct().toList());
                yield Optional.empty();
            }
        };
    }

    /** The adapter of a provider, if it has one. */
    Optional<EmbeddingProvider> of(String providerName) {
        return Optional.ofNullable(byProvider.get(providerName));
    }

    /** Closes every adapter: local models are stopped and freed. */
    @Override
    public void close() {
        byProvider.values().forEach(EmbeddingProvider::close);
    }
}
