package ai.novai.gateway.docs;

import java.util.List;
import java.util.Map;

import ai.novai.gateway.web.BrowserPages;
import ai.novai.gateway.web.StaticFile;
import io.helidon.http.Header;
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
 * Every response carries the gateway's strict {@code Content-Security-Policy} ({@link BrowserPages}): scripts, styles
 * and requests only to the gateway, no inline script (the init script is a file of its own). The one thing Swagger
 * UI needs beyond {@code 'self'} is {@code img-src data:}, for the icons it draws from {@code data:} URIs; its inline
 * styles (highlighted code) are set through the DOM, which {@code style-src 'self'} allows. Checked by hand
 * (Chromium 156, Swagger UI 5.35.0) with a violation report endpoint, through "Authorize", "Try it out" and
 * "Execute"; no violation.
 */
public final class ApiDocs implements HttpService {

    /** Where the reference is served. */
    public static final String PATH = "/docs";

    static final String CONTENT_SECURITY_POLICY = BrowserPages.contentSecurityPolicy(List.of("data:"));

    private static final String HTML = "text/html; charset=utf-8";
    private static final String JAVASCRIPT = "text/javascript; charset=utf-8";
    private static final String OWN_FILES = "ai/novai/gateway/docs/";
    private static final Header CSP = BrowserPages.policyHeader(CONTENT_SECURITY_POLICY);

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
        // the page and its script change with the gateway; Swagger UI's files only with the webjar's version
        rules.route(BrowserPages.file("/", (req, res) -> BrowserPages.send(req, res, index, CSP,
                                                                           BrowserPages.REVALIDATE)))
                .route(BrowserPages.file("/novai-docs.js", (req, res) -> BrowserPages.send(req, res, script, CSP,
                                                                                          BrowserPages.REVALIDATE)))
                .route(BrowserPages.file("/assets/{name}", this::asset));
    }

    private void asset(ServerRequest request, ServerResponse response) {
        // a name from the fixed list, or nothing: the request never chooses a classpath location
        StaticFile file = assets.get(request.path().pathParameters().get("name"));
        if (file == null) {
            // on to the gateway's 404, which names the full path
            response.next();
            return;
        }
        BrowserPages.send(request, response, file, CSP, BrowserPages.CACHE_A_DAY);
    }
}
