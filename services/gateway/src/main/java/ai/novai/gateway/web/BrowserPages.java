package ai.novai.gateway.web;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRoute;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * How the gateway answers a browser with one of its own files ({@code /docs}, {@code /ui}): the one place for the
 * security headers of those pages. The {@code Content-Security-Policy} lets a page load scripts, styles, images and
 * requests from the gateway only, with no inline script or style element, no plugins, no {@code <base>}, no form
 * posts and no framing; a page may add image sources it needs (Swagger UI draws icons from {@code data:} URIs).
 * Responses are revalidated or cached as the caller says, with a strong {@code ETag}.
 */
public final class BrowserPages {

    /** Revalidated on every load (cheap, with the ETag): files that change with the gateway. */
    public static final Header REVALIDATE = HeaderValues.create(HeaderNames.CACHE_CONTROL, "no-cache");
    /** Cached for a day: files whose content changes only with a dependency's version (and so their ETag). */
    public static final Header CACHE_A_DAY = HeaderValues.create(HeaderNames.CACHE_CONTROL, "public, max-age=86400");

    private static final Header NO_SNIFF = HeaderValues.create("X-Content-Type-Options", "nosniff");
    private static final Header NO_REFERRER = HeaderValues.create("Referrer-Policy", "no-referrer");

    private BrowserPages() {
    }

    /**
     * The strict policy of the gateway's pages.
     *
     * @param extraImageSources image sources beyond {@code 'self'}, e.g. {@code data:}; none for the strictest
     * @return the header value
     */
    public static String contentSecurityPolicy(List<String> extraImageSources) {
        String images = Stream.concat(Stream.of("'self'"), extraImageSources.stream())
                .collect(Collectors.joining(" "));
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src " + images
                + "; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; "
                + "frame-ancestors 'none'";
    }

    /**
     * Sends a file with the security headers, or {@code 304} when the browser's copy is current.
     *
     * @param request      the request (its {@code If-None-Match})
     * @param response     the response
     * @param file         the file
     * @param policy       the {@code Content-Security-Policy} value, from {@link #contentSecurityPolicy(List)}
     * @param cacheControl {@link #REVALIDATE} or {@link #CACHE_A_DAY}
     */
    public static void send(ServerRequest request, ServerResponse response, StaticFile file, Header policy,
                            Header cacheControl) {
        response.header(policy);
        response.header(NO_SNIFF);
        response.header(NO_REFERRER);
        response.header(cacheControl);
        response.header(HeaderNames.ETAG, file.etag());
        boolean unchanged = request.headers().first(HeaderNames.IF_NONE_MATCH).map(file::matches).orElse(false);
        if (unchanged) {
            response.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        response.header(HeaderNames.CONTENT_TYPE, file.contentType());
        if (request.prologue().method() == Method.HEAD) {
            // the length GET would send, and no body: Helidon would otherwise write it
            response.header(HeaderNames.CONTENT_LENGTH, String.valueOf(file.content().length));
            response.send();
            return;
        }
        response.send(file.content());
    }

    /**
     * The route of one file: GET, and HEAD (a {@code curl -I}, a link checker) with the same headers and no body.
     */
    public static HttpRoute file(String path, Handler handler) {
        return HttpRoute.builder().methods(Method.GET, Method.HEAD).path(path).handler(handler).build();
    }

    /** The policy as a header, built once by each page. */
    public static Header policyHeader(String policy) {
        return HeaderValues.create("Content-Security-Policy", policy);
    }
}
