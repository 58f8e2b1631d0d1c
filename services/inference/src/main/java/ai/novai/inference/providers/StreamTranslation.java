package ai.novai.inference.providers;

import ai.novai.upstream.SseReader;

/**
 * The translation of one upstream stream of server-sent events: takes its server-sent events in order and hands NovAI's chunks to
 * the sink it was created with — deltas, one finish reason per choice, and a last chunk with usage when the
 * upstream reports it. It holds what the events leave implicit (ids, indexes, usage so far).
 */
public non-sealed interface StreamTranslation extends ChatStreamTranslation {

    /**
     * Takes one event.
     *
     * @return whether it was the stream's end marker: only then did the upstream finish normally, and a body
     *         that ends before it was cut short
     * @throws ai.novai.upstream.UpstreamFailure of kind STREAM_BROKEN for an error event or an event that is not
     *                                           what the format promises
     */
    boolean accept(SseReader.Event event);
}
