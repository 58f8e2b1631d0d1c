package ai.novai.gateway.http;

import java.util.List;

import ai.novai.gateway.errors.ApiException;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * The API version, in {@code X-API-Version}: every response names the version served ({@link #CURRENT}, the
 * {@code v1} of the {@code /v1} paths), and a request may name the version it was written for. A request naming
 * one this gateway does not serve gets 400 {@code unsupported_api_version} listing those it does, rather than an
 * answer in a version its client may misread; a request naming none is served in the current one.
 * <p>
 * Within a version only additive changes are made (README, "API versioning"), so one version is served at a
 * time; a new one is added to {@link #SUPPORTED} beside the old, for its deprecation period.
 */
public final class ApiVersions implements HttpFeature {

    /** The header, in and out. */
    public static final HeaderName HEADER = HeaderNames.create("x-api-version", "X-API-Version");
    /** The version served. */
    public static final String CURRENT = "v1";
    /** Every version a request may name. */
    public static final List<String> SUPPORTED = List.of(CURRENT);

    /** The header every response carries. */
    public static final Header SERVED = HeaderValues.create(HEADER, CURRENT);

    @Override
    public void setup(HttpRouting.Builder routing) {
        routing.addFilter(this::check);
    }

    private void check(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        // set first: the refusal, any later error and a stream's first bytes all carry it
        response.header(SERVED);
        if (request.headers().contains(HEADER)) {
            for (String asked : request.headers().get(HEADER).allValues()) {
                if (!SUPPORTED.contains(asked)) {
                    throw ApiException.badRequest(
                            "Unsupported API version '" + HeaderText.printable(asked) + "' in the X-API-Version "
                                    + "header. Supported versions: " + String.join(", ", SUPPORTED)
                                    + ". Omit the header to be served the current version (" + CURRENT + ").",
                            null, "unsupported_api_version");
                }
            }
        }
        chain.proceed();
    }
}
