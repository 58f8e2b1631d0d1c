package ai.novai.embedding;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;

import ai.novai.embedding.local.TextEncoder;

/**
 * A stand-in for the local model whose passes wait for the test's permission, so that a test can hold
 * the batcher busy and fill its queue. A text's token ids are {@code [101, length, 102]}; a pass reports
 * the lengths it was given and returns {@code [length, 0, 0]} for each.
 */
final class GatedEncoder implements TextEncoder {

    private final Semaphore gate = new Semaphore(0);
    private final BlockingQueue<List<Long>> passes = new LinkedBlockingQueue<>();

    @Override
    public List<long[]> tokenize(List<String> texts) {
        return texts.stream().map(text -> new long[] {101, text.length(), 102}).toList();
    }

    @Override
    public long[] truncate(long[] ids, int maxTokens) {
        return Arrays.copyOf(ids, maxTokens);
    }

    @Override
    public List<float[]> embed(List<long[]> batch) {
        passes.add(batch.stream().map(ids -> ids[1]).toList());
        gate.acquireUninterruptibly();
        return batch.stream().map(ids -> new float[] {ids[1], 0, 0}).toList();
    }

    /** Lets this many passes finish. */
    void open(int passCount) {
        gate.release(passCount);
    }

    /** The lengths of each pass begun, in order. */
    BlockingQueue<List<Long>> passes() {
        return passes;
    }

    @Override
    public int maxPositions() {
        return 512;
    }

    @Override
    public void close() {
        gate.release(Integer.MAX_VALUE / 2);
    }
}
