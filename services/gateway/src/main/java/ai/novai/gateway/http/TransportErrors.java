package ai.novai.gateway.http;

import ai.novai.gateway.errors.OpenAiError;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;

/**
 * OpenAI-shaped answers to what Helidon refuses before routing (a request line or header block over the
 * transport caps, a malformed request line, header or chunk, a body over the listener's payload cap, HTTP/1.0):
 * the same {@code {"error":{...}}} as every other error, instead of Helidon's empty or plain-text bodies.
 * The message never echoes the request: it may be what was malformed.
 */
public final class TransportErrors implements DirectHandler {

    private TransportErrors() {
    }

    /** Handlers for every transport event. */
    public static DirectHandlers handlers() {
        DirectHandlers.Builder builder = DirectHandlers.builder();
        TransportErrors handler = new TransportErrors();
        for (EventType type : EventType.values()) {
            builder.addHandler(type, handler);
        }
        return builder.build();
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                    ServerResponseHeaders headers, String message) {
        // a request Helidon cannot read is the client's fault whatever status its parser gave (a malformed chunk
        // size came as 500), and HTTP/1.0 gets 400, not 505: the SDKs retry every 5xx
        Status answered = eventType == EventType.BAD_REQUEST && status.code() >= 500
                || eventType == EventType.HTTP_VERSION_NOT_SUPPORTED ? Status.BAD_REQUEST_400 : status;
        OpenAiError error = error(eventType, answered);
        byte[] body;
        try {
            body = Json.mapper().writeValueAsBytes(error.asBody());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("error not serialisable", e);
        }
        headers.set(HeaderValues.CONTENT_TYPE_JSON);
        headers.set(ApiVersions.SERVED);
        return TransportResponse.builder()
                .status(answered)
                .headers(headers)
                .keepAlive(false)
                .entity(body)
                .build();
    }

    private static OpenAiError error(EventType eventType, Status status) {
        int code = status.code();
        if (code == Status.REQUEST_URI_TOO_LONG_414.code()) {
            return invalid("The request URL is too long.", "uri_too_long");
        }
        if (code == Status.REQUEST_ENTITY_TOO_LARGE_413.code()) {
            return invalid("The request body is too large.", "request_too_large");
        }
        if (eventType == EventType.HTTP_VERSION_NOT_SUPPORTED) {
            return invalid("HTTP/1.0 is not supported; use HTTP/1.1.", "http_version_not_supported");
        }
        if (code == Status.SERVICE_UNAVAILABLE_503.code()) {
            return new OpenAiError("The server is overloaded; retry later.", "server_error", null, null);
        }
        if (code >= 500) {
            return new OpenAiError("The server had an error while processing your request.", "server_error", null,
                                   null);
        }
        return invalid("The request could not be read: its request line, headers or body framing is malformed, "
                               + "or its headers exceed the server's limit.", "invalid_request");
    }

    private static OpenAiError invalid(String message, String code) {
        return new OpenAiError(message, "invalid_request_error", null, code);
    }
}
