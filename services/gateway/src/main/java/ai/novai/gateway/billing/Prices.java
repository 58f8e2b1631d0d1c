package ai.novai.gateway.billing;

import java.util.Optional;

import ai.novai.proto.common.v1.ModelInfo;

/**
 * Cost of tokens at a model's prices (micro-USD per million tokens), exact, in pico-USD. A model the
 * catalogue does not know costs nothing (the call fails at the backend anyway).
 */
public final class Prices {

    private Prices() {
    }

    /** Pico-USD of these token counts in a batch: at the model's batch prices, else its ordinary ones. */
    public static long batchPicos(Optional<ModelInfo> model, long promptTokens, long completionTokens) {
        if (model.isEmpty() || !model.get().hasPricing() || !model.get().getPricing().hasBatch()) {
            return picos(model, promptTokens, completionTokens);
        }
        var batch = model.get().getPricing().getBatch();
        return Math.addExact(Math.multiplyExact(promptTokens, batch.getInputMicroUsdPerMillionTokens()),
                             Math.multiplyExact(completionTokens, batch.getOutputMicroUsdPerMillionTokens()));
    }

    /** Pico-USD of these token counts. */
    public static long picos(Optional<ModelInfo> model, long promptTokens, long completionTokens) {
        if (model.isEmpty() || !model.get().hasPricing()) {
            return 0;
        }
        return Math.addExact(Math.multiplyExact(promptTokens, model.get().getPricing().getInputMicroUsdPerMillionTokens()),
                             Math.multiplyExact(completionTokens,
                                                model.get().getPricing().getOutputMicroUsdPerMillionTokens()));
    }
}
