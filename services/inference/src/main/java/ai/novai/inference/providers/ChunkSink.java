package ai.novai.inference.providers;

import ai.novai.proto.inference.v1.ChatCompletionChunk;

/**
 * Where a provider puts the chunks of a stream, in order.
 */
@FunctionalInterface
public interface ChunkSink {

    /** Takes the next chunk. */
    void accept(ChatCompletionChunk chunk);
}
