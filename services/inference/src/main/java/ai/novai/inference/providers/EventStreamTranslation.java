package ai.novai.inference.providers;

import ai.novai.upstream.EventStreamReader;

/**
 * The translation of one upstream stream framed as an AWS event stream ({@code application/vnd.amazon.eventstream}):
 * takes its messages in order and hands NovAI's chunks to the sink it was created with, like
 * {@link StreamTranslation} does with server-sent events.
 */
public non-sealed interface EventStreamTranslation extends ChatStreamTranslation {

    /**
     * Takes one message.
     *
     * @return whether it was the stream's end marker: only then did the upstream finish normally
     * @throws ai.novai.upstream.UpstreamException for an exception message (classified by its type) or a message
     *                                             that is not what the format promises
     */
    boolean accept(EventStreamReader.Message message);
}
