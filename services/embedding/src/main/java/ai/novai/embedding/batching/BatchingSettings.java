package ai.novai.embedding.batching;

import java.time.Duration;

import ai.novai.common.config.SettingsNode;
import io.helidon.config.Config;

/**
 * How a {@link MicroBatcher} gathers work ({@code embedding.batching.*}).
 *
 * @param maxBatch        most inputs in one model call
 * @param maxWait         longest a queued input waits for others to join its batch; zero sends at once
 *                        what is queued
 * @param maxQueuedInputs most inputs waiting; a request that does not fit is refused at once (a request
 *                        larger than this is still taken when the queue is empty, so that every request
 *                        the contract allows can be served)
 * @param retryAfter      the wait suggested to a refused caller
 */
public record BatchingSettings(int maxBatch, Duration maxWait, int maxQueuedInputs, Duration retryAfter) {

    /**
     * 32 inputs, no wait, 4096 queued inputs, retry after 1 s. No wait: while the model runs a batch the next one
     * fills by itself (measured: mean batch ~32 at 64 concurrent callers), and a lone caller is not delayed. A wait
     * helps bursty light traffic that should still coalesce.
     */
    public static final BatchingSettings DEFAULTS =
            new BatchingSettings(32, Duration.ZERO, 4096, Duration.ofSeconds(1));

    /** The settings under {@code embedding.batching}, each defaulting to {@link #DEFAULTS}. */
    public static BatchingSettings from(Config batching) {
        SettingsNode node = SettingsNode.of(batching);
        return new BatchingSettings(
                node.integer("max-batch", DEFAULTS.maxBatch(), 1, Integer.MAX_VALUE),
                node.duration("max-wait", DEFAULTS.maxWait()),
                node.integer("max-queued-inputs", DEFAULTS.maxQueuedInputs(), 1, Integer.MAX_VALUE),
                node.duration("retry-after", DEFAULTS.retryAfter()));
    }
}
