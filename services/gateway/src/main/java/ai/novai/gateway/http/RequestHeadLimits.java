package ai.novai.gateway.http;

import ai.novai.gateway.errors.ApiException;
import ai.novai.gateway.errors.OpenAiError;
import io.helidon.http.Header;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Status;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Caps the request line ({@code novai.http.max-url-length}, 414 {@code uri_too_long}) and the header block
 * ({@code novai.http.max-headers-size}, 431 {@code request_header_fields_too_large}) with OpenAI-shaped answers
 * on a connection that stays usable. Helidon's own caps ({@code server.protocols.http_1_1.max-prologue-length}
 * and {@code max-headers-size}) are set higher, as the bound of what is read at all: beyond them Helidon answers
 * ({@link TransportErrors}) and closes the connection, and a client still sending may not see that answer.
 */
public final class RequestHeadLimits implements HttpFeature {

    // " HTTP/1.1" after the target
    private static final int VERSION_LENGTH = 9;

    private final int maxUrlLength;
    private final int maxHeadersSize;

    public RequestHeadLimits(int maxUrlLength, int maxHeadersSize) {
        this.maxUrlLength = maxUrlLength;
        this.maxHeadersSize = maxHeadersSize;
    }

    @Override
    public void setup(HttpRouting.Builder routing) {
        routing.addFilter(this::check);
    }

    private void check(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        HttpPrologue prologue = request.prologue();
        String query = prologue.query().rawValue();
        long lineLength = prologue.method().length() + 1L + prologue.uriPath().rawPath().length()
                + (query.isEmpty() ? 0 : 1 + query.length()) + VERSION_LENGTH;
        if (lineLength > maxUrlLength) {
            throw new ApiException(Status.REQUEST_URI_TOO_LONG_414, new OpenAiError(
                    "The request URL is too long (" + lineLength + " bytes in the request line, at most " + maxUrlLength
                            + ").", "invalid_request_error", null, "uri_too_long"));
        }
        long headersSize = 0;
        for (Header header : request.headers()) {
            headersSize += header.name().length() + 4L + header.values().length();
        }
        if (headersSize > maxHeadersSize) {
            throw new ApiException(Status.create(431, "Request Header Fields Too Large"), new OpenAiError(
                    "The request headers are too large (" + headersSize + " bytes, at most " + maxHeadersSize + ").",
                    "invalid_request_error", null, "request_header_fields_too_large"));
        }
        chain.proceed();
    }
}
