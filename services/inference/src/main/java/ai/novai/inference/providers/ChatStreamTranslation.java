package ai.novai.inference.providers;

/**
 * The translation of one upstream stream, in the framing its upstream streams in: server-sent events
 * ({@link StreamTranslation}, nearly every provider) or AWS event-stream messages ({@link EventStreamTranslation},
 * Bedrock). {@link HttpChatProvider} picks the reader by which one a translator returns.
 */
public sealed interface ChatStreamTranslation permits StreamTranslation, EventStreamTranslation {

    /** The name of the stream's end marker, for the message when a stream ends without it. */
    String endMarker();
}
