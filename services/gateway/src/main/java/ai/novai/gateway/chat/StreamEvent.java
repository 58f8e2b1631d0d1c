package ai.novai.gateway.chat;

import ai.novai.proto.inference.v1.ChatCompletionChunk;

/** What the inference stream delivers to the relay, in order: chunks, then one ending. */
sealed interface StreamEvent {

    /** The next chunk of the completion. */
    record Chunk(ChatCompletionChunk chunk) implements StreamEvent {
    }

    /** The call failed (or was cancelled); nothing follows. */
    record Failed(Throwable failure) implements StreamEvent {
    }

    /** The call completed; nothing follows. */
    record Completed() implements StreamEvent {
    }

    /** Nothing arrived within the wait: time for a keep-alive. */
    record Silence() implements StreamEvent {
    }
}
