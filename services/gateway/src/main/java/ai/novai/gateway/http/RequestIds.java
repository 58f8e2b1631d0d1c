package ai.novai.gateway.http;

import java.util.regex.Pattern;

import ai.novai.gateway.store.RandomIds;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;

/**
 * Gives every request an id, answered in {@code x-request-id}. A well-formed id sent by the client (or
 * a proxy in front) is kept so that logs line up across hops; anything else is replaced.
 */
public final class RequestIds implements HttpFeature {

    /** The header, in and out. */
    public static final HeaderName HEADER = HeaderNames.create("x-request-id", "X-Request-Id");

    private static final String CONTEXT_KEY = "novai.request-id";
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @Override
    public void setup(HttpRouting.Builder routing) {
        routing.addFilter(this::assign);
    }

    private void assign(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        String id = request.headers().first(HEADER)
                .filter(value -> ACCEPTED.matcher(value).matches())
                .orElseGet(RequestIds::newId);
        request.context().register(CONTEXT_KEY, id);
        response.header(HEADER, id);
        chain.proceed();
    }

    /** The id of this request. */
    public static String of(ServerRequest request) {
        return request.context().get(CONTEXT_KEY, String.class).orElse("unknown");
    }

    private static String newId() {
        return RandomIds.next("req_");
    }
}
