package ai.novai.gateway.http;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

import ai.novai.gateway.errors.ApiException;
import ai.novai.gateway.errors.OpenAiError;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;

/**
 * Caps request bodies ({@code novai.http.max-body-size}, default 20 MB): a declared length over the cap
 * is refused before the body is read, and a chunked body is cut off while it is read ({@link Json}), both with
 * 413 {@code request_too_large}. A route with a cap of its own ({@link RouteCap}: file uploads) has that cap
 * instead, and its own refusal; its handler cuts a chunked body at the same cap ({@link #of}).
 * <p>
 * A refused body is still read after the answer, and dropped, when it declares at most {@code max-body-size}
 * more than its cap: the client, which may be sending it while it waits, sees its 413 and keeps its connection.
 * A larger one is not read at all: the answer closes the connection (a client still sending then may see the
 * connection reset instead of its answer).
 */
public final class BodySizeLimit implements HttpFeature {

    private static final String CONTEXT_KEY = "novai.max-body-size";

    /**
     * The cap of one route's bodies.
     *
     * @param method   the route's method
     * @param path     its path
     * @param maxBytes the largest body
     * @param refusal  the 413 of a larger one
     */
    public record RouteCap(Method method, String path, long maxBytes, Supplier<ApiException> refusal) {

        boolean covers(RoutingRequest request) {
            String requested = request.path().path();
            return request.prologue().method() == method
                    && (requested.equals(path) || requested.equals(path + "/"));
        }
    }

    private final long maxBytes;
    private final List<RouteCap> routeCaps;

    public BodySizeLimit(long maxBytes, List<RouteCap> routeCaps) {
        this.maxBytes = maxBytes;
        this.routeCaps = List.copyOf(routeCaps);
    }

    @Override
    public void setup(HttpRouting.Builder routing) {
        routing.addFilter(this::check);
    }

    private void check(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        Optional<RouteCap> own = routeCaps.stream().filter(route -> route.covers(request)).findFirst();
        long cap = own.map(RouteCap::maxBytes).orElse(maxBytes);
        OptionalLong length = request.headers().contentLength();
        if (length.isPresent() && length.getAsLong() > cap) {
            if (length.getAsLong() - cap > maxBytes) {
                response.header(HeaderValues.CONNECTION_CLOSE);
            }
            throw own.map(route -> route.refusal().get()).orElseGet(() -> tooLarge(maxBytes));
        }
        request.context().register(CONTEXT_KEY, cap);
        chain.proceed();
    }

    /** The cap of this request's body. */
    public static long of(ServerRequest request) {
        return request.context().get(CONTEXT_KEY, Long.class).orElse(Long.MAX_VALUE);
    }

    static ApiException tooLarge(long maxBytes) {
        return new ApiException(Status.REQUEST_ENTITY_TOO_LARGE_413, new OpenAiError(
                "Request body exceeds the " + humanSize(maxBytes) + " limit.", "invalid_request_error", null,
                "request_too_large"));
    }

    /** A size as a message shows it: whole MB where it is, else bytes. */
    public static String humanSize(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MB" : bytes + " bytes";
    }
}
