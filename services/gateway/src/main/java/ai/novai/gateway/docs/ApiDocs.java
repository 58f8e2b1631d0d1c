package ai.novai.gateway.docs;

import java.util.Map;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The interactive API reference, registered at {@link #PATH}: an index page ({@code /docs} and {@code /docs/}),
 * its init script ({@code /docs/novai-docs.js}) and Swagger UI's files ({@code /docs/assets/<name>}), all read
 * from the classpath at start-up. The page needs no API key (the spec at {@code /openapi} is public too); its
 * "Try it out" requests go to {@code /v1} on the same gateway and carry whatever key the reader enters.
 * <p>
 * Every response carries a strict {@code Content-Security-Policy}: scripts, styles and requests only to the gateway,
 * no inline script (the init script is a file of its own). The one thing Swagger UI needs beyond {@code 'self'} is
 * {@code img-src data:}, for the icons it draws from {@code data:} URIs; its inline styles (highlighted code) are set
 * through the DOM, which {@code style-src 'self'} allows. Checked by hand (Chromium 156, Swagger UI 5.35.0) with a
 * violation report endpoint, through "Authorize", "Try it out" and "Execute"; no violation.
 */
public final class ApiDocs implements HttpService {

    /** Where the reference is served. */
    public static final String PATH = "/docs";

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
            + "style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final String HTML = "text/html; charset=utf-8";
    private static final String JAVASCRIPT = "text/javascript; charset=utf-8";
    private static final String OWN_FILES = "ai/novai/gateway/docs/";
    // the page and its script change with the gateway: revalidated on every load (cheap, with the ETag)
    private static final Header REVALIDATE = HeaderValues.create(HeaderNames.CACHE_CONTROL, "no-cache");
    // Swagger UI's files change only with the webjar's version, which changes their ETag
    private static final Header CACHE_A_DAY = HeaderValues.create(HeaderNames.CACHE_CONTROL, "public, max-age=86400");
    private static final Header CSP = HeaderValues.create("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    private static final Header NO_SNIFF = HeaderValues.create("X-Content-Type-Options", "nosniff");
    private static final Header NO_REFERRER = HeaderValues.create("Referrer-Policy", "no-referrer");

    private final StaticFile index;
    private final StaticFile script;
    private final Map<String, StaticFile> assets;

    private ApiDocs(StaticFile index, StaticFile script, Map<String, StaticFile> assets) {
        this.index = index;
        this.script = script;
        this.assets = assets;
    }

    /**
     * Reads the page, its script and Swagger UI's files.
     *
     * @return the service
     * @throws IllegalStateException if a file is missing from the build
     */
    public static ApiDocs create() {
        return new ApiDocs(StaticFile.fromClasspath(OWN_FILES + "index.html", HTML),
                           StaticFile.fromClasspath(OWN_FILES + "novai-docs.js", JAVASCRIPT),
                           SwaggerUiWebjar.assets());
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> send(req, res, index, REVALIDATE))
                .get("/novai-docs.js", (req, res) -> send(req, res, script, REVALIDATE))
                .get("/assets/{name}", this::asset);
    }

    private void asset(ServerRequest request, ServerResponse response) {
        // a name from the fixed list, or nothing: the request never chooses a classpath location
        StaticFile file = assets.get(request.path().pathParameters().get("name"));
        if (file == null) {
            // on to the gateway's 404, which names the full path
            response.next();
            return;
        }
        send(request, response, file, CACHE_A_DAY);
    }

    private static void send(ServerRequest request, ServerResponse response, StaticFile file, Header cacheControl) {
        response.header(CSP);
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
        response.send(file.content());
    }
}
