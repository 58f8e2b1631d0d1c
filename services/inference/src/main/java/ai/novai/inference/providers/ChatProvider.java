package ai.novai.inference.providers;

import ai.novai.proto.inference.v1.ChatCompletion;

/**
 * One provider adapter: turns NovAI's chat request into one upstream wire format and the answer back.
 * Implementations hold no per-request state; everything a call needs comes in {@link ProviderCall}.
 * <p>
 * Failures are {@link UpstreamFailure} (the provider could not answer: connect error, 429, 5xx, timeout,
 * a stream cut short; worth a retry elsewhere) or {@link UpstreamRejection} (the provider refused the
 * request itself; retrying will not help).
 */
public interface ChatProvider {

    /** What this adapter serves beyond one plain choice; the router refuses requests that need more. */
    ProviderFeatures features();

    /** A whole completion. */
    ChatCompletion complete(ProviderCall call);

    /**
     * Streams a completion into the sink: deltas, one finish reason per choice, and a last chunk with
     * usage when the upstream reports it. Returns when the upstream stream ended normally; a stream that
     * ends without its end marker is a {@link UpstreamFailure}.
     */
    void stream(ProviderCall call, ChunkSink sink);
}
