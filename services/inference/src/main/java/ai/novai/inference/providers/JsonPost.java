package ai.novai.inference.providers;

import java.net.URI;

import ai.novai.upstream.ProviderHeaders;
import ai.novai.upstream.UpstreamJson;
import ai.novai.upstream.UpstreamRequest;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The HTTP request every JSON provider format is sent as: the body, its content type, what the answer should be
 * (JSON, or server-sent events for a stream), the provider's key and static headers, and NovAI's request id so
 * that a provider's logs can be matched with NovAI's.
 */
public final class JsonPost {

    private JsonPost() {
    }

    /** A POST of a JSON body for a call; a translator adds the headers its provider wants besides. */
    public static UpstreamRequest of(URI uri, JsonNode body, boolean stream, ProviderCall call, ProviderHeaders headers) {
        UpstreamRequest request = UpstreamRequest.post(uri, UpstreamJson.bytes(body))
                .header("Content-Type", "application/json")
                .header("Accept", stream ? "text/event-stream" : "application/json");
        headers.applyTo(request, call.apiKey());
        if (!call.request().getRequestId().isBlank()) {
            request.header("X-Request-Id", call.request().getRequestId());
        }
        return request;
    }
}
