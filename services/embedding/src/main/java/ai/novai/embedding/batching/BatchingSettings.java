package ai.novai.embedding.batching;

import java.time.Duration;

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

    /** 32 inputs, 2 ms, 4096 queued inputs, retry after 1 s. */
    public static final BatchingSettings DEFAULTS =
            new BatchingSettings(32, Duration.ofMillis(2), 4096, Duration.ofSeconds(1));

    public BatchingSettings {
        if (maxBatch < 1) {
            throw new IllegalStateException("embedding.batching.max-batch must be at least 1, was " + maxBatch);
        }
        if (maxWait.isNegative()) {
            throw new IllegalStateException("embedding.batching.max-wait must not be negative, was " + maxWait);
        }
        if (maxQueuedInputs < 1) {
            throw new IllegalStateException("embedding.batching.max-queued-inputs must be at least 1, was "
                                                    + maxQueuedInputs);
        }
        if (retryAfter.isNegative()) {
            throw new IllegalStateException("embedding.batching.retry-after must not be negative, was "
                                                    + retryAfter);
        }
    }

    /** The settings under {@code embedding.batching}, each defaulting to {@link #DEFAULTS}. */
    public static BatchingSettings from(Config batching) {
        return new BatchingSettings(
                batching.get("max-batch").asInt().orElse(DEFAULTS.maxBatch()),
                batching.get("max-wait").as(Duration.class).orElse(DEFAULTS.maxWait()),
                batching.get("max-queued-inputs").asInt().orElse(DEFAULTS.maxQueuedInputs()),
                batching.get("retry-after").as(Duration.class).orElse(DEFAULTS.retryAfter()));
    }
}
