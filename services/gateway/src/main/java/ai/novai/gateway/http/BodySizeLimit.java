package ai.novai.gateway.http;

import java.util.OptionalLong;

import ai.novai.gateway.errors.ApiException;
import ai.novai.gateway.errors.OpenAiError;
import io.helidon.http.Status;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;

/**
 * Caps request bodies ({@code novai.http.max-body-size}, default 20 MB): a declared length over the cap
 * is refused before the body is read, and a chunked body is cut off while it is read ({@link Json}),
 * both with 413 {@code request_too_large}.
 */
public final class BodySizeLimit implements HttpFeature {

    private static final String CONTEXT_KEY = "novai.max-body-size";

    private final long maxBytes;

    public BodySizeLimit(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void setup(HttpRouting.Builder routing) {
        routing.addFilter(this::check);
    }

    private void check(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        OptionalLong length = request.headers().contentLength();
        if (length.isPresent() && length.getAsLong() > maxBytes) {
            throw tooLarge(maxBytes);
        }
        request.context().register(CONTEXT_KEY, maxBytes);
        chain.proceed();
    }

    /** The cap of this request's body. */
    static long of(ServerRequest request) {
        return request.context().get(CONTEXT_KEY, Long.class).orElse(Long.MAX_VALUE);
    }

    static ApiException tooLarge(long maxBytes) {
        return new ApiException(Status.REQUEST_ENTITY_TOO_LARGE_413, new OpenAiError(
                "Request body exceeds the " + humanSize(maxBytes) + " limit.", "invalid_request_error", null,
                "request_too_large"));
    }

    private static String humanSize(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MB" : bytes + " bytes";
    }
}
