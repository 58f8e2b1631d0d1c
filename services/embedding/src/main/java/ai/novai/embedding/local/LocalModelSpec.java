package ai.novai.embedding.local;

import java.util.Map;
import java.util.Optional;

/**
 * A model the {@code local-onnx} provider can run: where its files are on the classpath and its limits.
 *
 * @param name              the name deployments use as {@code upstream-model}
 * @param onnxResource      classpath resource of the ONNX graph
 * @param tokenizerResource classpath resource of the Hugging Face {@code tokenizer.json}
 * @param dimensions        vector size
 * @param maxPositions      most tokens the network can take at all (its position embeddings)
 * @param defaultMaxTokens  the input limit when the registry gives none: the length the model was
 *                          trained for, beyond which quality drops
 */
public record LocalModelSpec(String name, String onnxResource, String tokenizerResource, int dimensions,
                             int maxPositions, int defaultMaxTokens) {

    /**
     * sentence-transformers/all-MiniLM-L6-v2 (the ONNX export of Xenova/all-MiniLM-L6-v2, as langchain4j
     * ships it): 384 dimensions, mean pooling, inputs cut at 256 word pieces by sentence-transformers.
     */
    public static final LocalModelSpec ALL_MINILM_L6_V2 = new LocalModelSpec(
            "all-minilm-l6-v2", "all-minilm-l6-v2.onnx", "all-minilm-l6-v2-tokenizer.json", 384, 512, 256);

    private static final Map<String, LocalModelSpec> BUILT_IN = Map.of(ALL_MINILM_L6_V2.name(), ALL_MINILM_L6_V2);

    /** The built-in model of this name. */
    public static Optional<LocalModelSpec> builtIn(String name) {
        return Optional.ofNullable(BUILT_IN.get(name));
    }

    /** Names of the built-in models, for error messages. */
    public static java.util.Set<String> builtInNames() {
        return BUILT_IN.keySet();
    }
}
