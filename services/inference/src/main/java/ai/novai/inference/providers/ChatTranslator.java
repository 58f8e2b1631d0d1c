package ai.novai.inference.providers;

import ai.novai.proto.inference.v1.ChatCompletion;
import ai.novai.upstream.UpstreamRequest;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One provider's chat format, and nothing else: NovAI's (OpenAI-shaped) request → the provider's HTTP request,
 * and the provider's answer or stream events → NovAI's completion or chunks with their usage. No I/O: a
 * translator is tested with recorded bodies, and {@link HttpChatProvider} does the calling for all of them.
 * Created once per provider entry (it reads the entry's settings at start-up, so that a misconfigured entry
 * stops the service instead of failing every request); the state of one stream lives in the
 * {@link ChatStreamTranslation} it creates per call.
 * <p>
 * A request the format cannot express is an {@link ai.novai.upstream.UpstreamRejection}; an answer that is not
 * what the format promises is an {@link ai.novai.upstream.UpstreamFailure} (the upstream is broken).
 */
public interface ChatTranslator {

    /** What this format serves beyond one plain choice; the router refuses requests that need more. */
    ProviderFeatures features();

    /** The HTTP request for a call, credentials included; streamed or not. */
    UpstreamRequest request(ProviderCall call, boolean stream);

    /** A whole (non-streamed) answer's body, as NovAI's completion. */
    ChatCompletion completion(JsonNode body, ProviderCall call);

    /**
     * The translation of one stream, whose chunks go to the sink in order; its type says how the upstream frames
     * the stream (server-sent events, or an AWS event stream).
     */
    ChatStreamTranslation stream(ProviderCall call, ChunkSink sink);
}
