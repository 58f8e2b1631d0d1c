package ai.novai.embedding;

import ai.novai.common.models.ModelEntry;
import ai.novai.embedding.providers.EmbeddingErrors;
import ai.novai.proto.embedding.v1.EmbedInput;
import ai.novai.proto.embedding.v1.EmbedRequest;

/**
 * What the service checks of every request before any adapter sees it. The gateway validates the public
 * request first, but a backend checks what it depends on: the input count the contract allows, inputs
 * that hold something, and {@code dimensions} only where the registry says the model can shorten.
 */
final class EmbedRequestChecks {

    /** Most inputs in one request, as OpenAI's API allows. */
    static final int MAX_INPUTS = 2048;

    private EmbedRequestChecks() {
    }

    static void check(EmbedRequest request, ModelEntry model) {
        int count = request.getInputsCount();
        if (count == 0) {
            throw EmbeddingErrors.invalidValue("'input' must hold at least one input.", "input");
        }
        if (count > MAX_INPUTS) {
            throw EmbeddingErrors.invalidValue("'input' holds " + count + " inputs; at most " + MAX_INPUTS
                                                       + " are allowed.", "input");
        }
        for (int i = 0; i < count; i++) {
            EmbedInput input = request.getInputs(i);
            boolean empty = input.hasTokens() ? input.getTokens().getIdsCount() == 0 : input.getText().isEmpty();
            if (empty) {
                throw EmbeddingErrors.invalidValue("Input " + i + " is empty; every input must hold text or "
                                                           + "token ids.", "input");
            }
        }
        if (request.hasDimensions()) {
            checkDimensions(request.getDimensions(), model);
        }
    }

    private static void checkDimensions(int dimensions, ModelEntry model) {
        if (!model.supportsDimensions()) {
            throw EmbeddingErrors.dimensionsUnsupported(model.id());
        }
        int vectorSize = model.embeddingDimensions();
        if (dimensions < 1 || (vectorSize > 0 && dimensions > vectorSize)) {
            throw EmbeddingErrors.invalidValue("'dimensions' must be between 1 and "
                    + (vectorSize > 0 ? vectorSize : "the model's vector size") + " for the model " + model.id()
                    + ", was " + dimensions + ".", "dimensions");
        }
    }
}
