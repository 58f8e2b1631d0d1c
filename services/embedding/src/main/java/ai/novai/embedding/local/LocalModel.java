package ai.novai.embedding.local;

import java.util.ArrayList;
import java.util.List;

import ai.novai.common.models.ModelEntry;
import ai.novai.embedding.batching.BatchingSettings;
import ai.novai.embedding.batching.MicroBatcher;
import ai.novai.embedding.providers.EmbeddingCall;
import ai.novai.embedding.providers.EmbeddingErrors;
import ai.novai.embedding.providers.EmbeddingResult;
import ai.novai.proto.embedding.v1.EmbedInput;

/**
 * One loaded local model and its batcher. A call is tokenized on the caller's thread, so that a too long
 * input is refused before it queues, then its token ids wait for the batcher.
 * <p>
 * Tokens: an input's length, its limit and the call's usage all count the model's word pieces
 * <em>including</em> its special tokens ({@code [CLS]}, {@code [SEP]}), i.e. exactly what the network
 * processes, so that "input 3 is 300 tokens long; at most 256" and {@code prompt_tokens} are in the same
 * unit. A truncated input counts the tokens kept.
 */
public final class LocalModel implements AutoCloseable {

    private final String name;
    private final TextEncoder encoder;
    private final int defaultMaxTokens;
    private final MicroBatcher<long[], float[]> batcher;

    /**
     * A model ready to serve.
     *
     * @param name             the model's name (the deployments' {@code upstream-model})
     * @param encoder          the loaded model
     * @param defaultMaxTokens the input limit of registry entries that name none
     * @param batching         how its batcher gathers work
     */
    public LocalModel(String name, TextEncoder encoder, int defaultMaxTokens, BatchingSettings batching) {
        if (defaultMaxTokens < 1 || defaultMaxTokens > encoder.maxPositions()) {
            throw new IllegalStateException("local model " + name + ": default input limit " + defaultMaxTokens
                                                    + " is outside 1.." + encoder.maxPositions());
        }
        this.name = name;
        this.encoder = encoder;
        this.defaultMaxTokens = defaultMaxTokens;
        this.batcher = new MicroBatcher<>(name, encoder::embed, batching);
    }

    /**
     * The input limit of a registry entry served by this model: its {@code max-output-tokens}, else the
     * model's default.
     *
     * @throws IllegalStateException when the entry asks for more than the network can take
     */
    public int maxTokens(ModelEntry model) {
        int limit = model.maxOutputTokens() > 0 ? model.maxOutputTokens() : defaultMaxTokens;
        if (limit > encoder.maxPositions()) {
            throw new IllegalStateException("model " + model.id() + ": max-output-tokens " + limit + " exceeds the "
                                                    + encoder.maxPositions() + " tokens " + name + " can take");
        }
        return limit;
    }

    /** Embeds a call's texts; token-id inputs are refused, this model's vocabulary being its own. */
    public EmbeddingResult embed(EmbeddingCall call) {
        String model = call.model().id();
        List<String> texts = new ArrayList<>(call.inputs().size());
        for (int i = 0; i < call.inputs().size(); i++) {
            EmbedInput input = call.inputs().get(i);
            if (input.hasTokens()) {
                throw EmbeddingErrors.tokenIdsUnsupported(i, model);
            }
            texts.add(input.getText());
        }
        int limit = maxTokens(call.model());
        List<long[]> ids = new ArrayList<>(encoder.tokenize(texts));
        int tokens = 0;
        for (int i = 0; i < ids.size(); i++) {
            int length = ids.get(i).length;
            if (length > limit) {
                if (!call.truncate()) {
                    throw EmbeddingErrors.inputTooLong(i, length, model, limit);
                }
                ids.set(i, encoder.truncate(ids.get(i), limit));
            }
            tokens += ids.get(i).length;
        }
        return new EmbeddingResult(batcher.apply(ids, call.cancel()), tokens);
    }

    /** The model's batcher, whose metrics tell how well batching works. */
    public MicroBatcher<long[], float[]> batcher() {
        return batcher;
    }

    /** Stops the batcher, then frees the model. */
    @Override
    public void close() {
        try {
            batcher.close();
        } finally {
            encoder.close();
        }
    }
}
