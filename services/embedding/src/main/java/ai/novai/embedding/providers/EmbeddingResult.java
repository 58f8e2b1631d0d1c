package ai.novai.embedding.providers;

import java.util.List;

/**
 * What an adapter returns for a call.
 *
 * @param vectors      one vector per input, in input order
 * @param promptTokens tokens the call consumed, as the model counts them
 */
public record EmbeddingResult(List<float[]> vectors, int promptTokens) {

    public EmbeddingResult {
        vectors = List.copyOf(vectors);
        if (promptTokens < 0) {
            throw new IllegalArgumentException("prompt tokens must not be negative, was " + promptTokens);
        }
    }
}
