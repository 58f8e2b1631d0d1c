package ai.novai.gateway.observability;

import java.time.Duration;

import ai.novai.proto.inference.v1.ChatCompletionChunk;

/**
 * The meters of one streamed chat completion while it is relayed: counted among the open streams until
 * closed, its first chunk's delay as the time to first token (its tokens and cost are counted when it is
 * billed: {@link GatewayMetrics#billed}).
 */
public final class ChatStreamMetrics implements AutoCloseable {

    private final GatewayMetrics metrics;
    private final String tier;
    private final long startNanos;
    private final GatewayMetrics.OpenStream open;
    private boolean sawChunk;

    ChatStreamMetrics(GatewayMetrics metrics, String tier, long startNanos) {
        this.metrics = metrics;
        this.tier = tier;
        this.startNanos = startNanos;
        this.open = metrics.streamOpened();
    }

    /** Takes the next chunk from the backend. */
    public void chunk(ChatCompletionChunk chunk) {
        if (!sawChunk) {
            sawChunk = true;
            metrics.timeToFirstToken(chunk.getModel(), tier, Duration.ofNanos(System.nanoTime() - startNanos));
        }
    }

    /**
     * Counts how the stream ended.
     *
     * @param outcome {@code completed}, {@code interrupted} (the backend failed), {@code client_disconnected},
     *                {@code client_too_slow} or {@code failed} (the gateway failed)
     */
    public void ended(String outcome) {
        metrics.streamEnded(outcome);
    }

    /** The stream ended, whichever way. */
    @Override
    public void close() {
        open.close();
    }
}
