package ai.novai.embedding.local;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.novai.common.models.ModelEntry;
import ai.novai.embedding.batching.BatchingSettings;
import ai.novai.embedding.providers.EmbeddingCall;
import ai.novai.embedding.providers.EmbeddingProvider;
import ai.novai.embedding.providers.EmbeddingResult;

/**
 * The {@code local-onnx} provider: models that run inside the embedding service, no key and no network.
 * Each deployment's {@code upstream-model} names a built-in model ({@link LocalModelSpec}); every model a
 * deployment names is loaded when the provider is created, so the service reports SERVING only once it
 * can embed.
 */
public final class LocalOnnxProvider implements EmbeddingProvider {

    private static final System.Logger LOGGER = System.getLogger(LocalOnnxProvider.class.getName());

    private final String providerName;
    private final Map<String, LocalModel> models;

    /**
     * A provider over models already loaded.
     *
     * @param providerName the provider's registry name, for errors
     * @param models       the models by name ({@code upstream-model})
     */
    public LocalOnnxProvider(String providerName, Map<String, LocalModel> models) {
        this.providerName = providerName;
        this.models = Map.copyOf(models);
    }

    /**
     * Loads the built-in models deployed on this provider, and checks the input limit of each registry
     * entry deployed on them.
     *
     * @param providerName the provider's registry name
     * @param deployed     by {@code upstream-model}, the registry entries deployed on it
     * @param onnx         how onnxruntime runs
     * @param batching     how the batchers gather work
     * @throws IllegalStateException when a deployment names an unknown model, or an entry a limit its model
     *                               cannot take
     */
    public static LocalOnnxProvider load(String providerName, Map<String, List<ModelEntry>> deployed,
                                         OnnxSettings onnx, BatchingSettings batching) {
        Map<String, LocalModel> models = new LinkedHashMap<>();
        try {
            deployed.forEach((name, entries) -> {
                LocalModel model = load(providerName, name, onnx, batching);
                models.put(name, model);
                entries.forEach(model::maxTokens);
            });
        } catch (RuntimeException e) {
            models.values().forEach(LocalModel::close);
            throw e;
        }
        return new LocalOnnxProvider(providerName, models);
    }

    private static LocalModel load(String providerName, String name, OnnxSettings onnx, BatchingSettings batching) {
        LocalModelSpec spec = LocalModelSpec.builtIn(name).orElseThrow(() -> new IllegalStateException(
                "provider " + providerName + " (type local-onnx) has no model " + name + "; it has "
                        + LocalModelSpec.builtInNames()));
        long start = System.nanoTime();
        OnnxSentenceEncoder encoder = OnnxSentenceEncoder.load(spec, onnx);
        LOGGER.log(System.Logger.Level.INFO, "loaded local embedding model " + name + " in "
                + (System.nanoTime() - start) / 1_000_000 + " ms (" + onnx.intraOpThreads() + " onnxruntime threads)");
        try {
            return new LocalModel(name, encoder, spec.defaultMaxTokens(), batching);
        } catch (RuntimeException e) {
            encoder.close();
            throw e;
        }
    }

    @Override
    public EmbeddingResult embed(EmbeddingCall call) {
        LocalModel model = models.get(call.deployment().upstreamModel());
        if (model == null) {
            throw new IllegalStateException("provider " + providerName + " has not loaded "
                                                    + call.deployment().upstreamModel());
        }
        return model.embed(call);
    }

    /** The loaded models by name. */
    public Map<String, LocalModel> models() {
        return models;
    }

    @Override
    public void close() {
        models.values().forEach(LocalModel::close);
    }
}
