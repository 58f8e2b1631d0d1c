package ai.novai.embedding.local;

import java.util.List;

/**
 * A local sentence-embedding model split in its two halves: tokenizing, which callers do on their own
 * threads (it is cheap and tells at once whether an input is too long), and the network pass, which the
 * batcher runs for many inputs at a time.
 */
public interface TextEncoder extends AutoCloseable {

    /** Token ids of each text, the model's special tokens included, not truncated. */
    List<long[]> tokenize(List<String> texts);

    /** The ids cut to {@code maxTokens}, keeping the special tokens that frame them. */
    long[] truncate(long[] ids, int maxTokens);

    /** One pass of the network over the batch: a unit-length vector per input, in input order. */
    List<float[]> embed(List<long[]> batch);

    /** Most tokens one input may have at all. */
    int maxPositions();

    /** Releases native memory. */
    @Override
    void close();
}
