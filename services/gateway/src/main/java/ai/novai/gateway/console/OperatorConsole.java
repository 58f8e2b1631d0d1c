package ai.novai.gateway.console;

import java.util.List;

import ai.novai.gateway.web.BrowserPages;
import ai.novai.gateway.web.StaticFile;
import io.helidon.http.Header;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

/**
 * The operator console, registered at {@link #PATH}: one page ({@code /ui} and {@code /ui/}), its script, its
 * stylesheet and its icon, built from {@code src/main/ui} into the jar and read from the classpath at start-up.
 * Nothing else is served here, and nothing comes from another origin.
 * <p>
 * The page itself is public, like {@code /docs}: it holds no data. It calls the admin API, {@code /v1/usage} and
 * {@code /v1/batches} on this gateway with the token the operator signs in with, as a bearer header (never a cookie,
 * so no cross-site request can use it, and never in a URL). Its policy is the strictest of {@link BrowserPages}:
 * images only from the gateway (it draws its charts as SVG elements), no inline script or style element; the page
 * sets every user-supplied string (key names, owners, model ids) as text.
 */
public final class OperatorConsole implements HttpService {

    /** Where the console is served. */
    public static final String PATH = "/ui";

    static final String CONTENT_SECURITY_POLICY = BrowserPages.contentSecurityPolicy(List.of());

    private static final String FILES = "ai/novai/gateway/console/";
    private static final Header CSP = BrowserPages.policyHeader(CONTENT_SECURITY_POLICY);

    private final StaticFile page;
    private final StaticFile script;
    private final StaticFile styles;
    private final StaticFile icon;

    private OperatorConsole(StaticFile page, StaticFile script, StaticFile styles, StaticFile icon) {
        this.page = page;
        this.script = script;
        this.styles = styles;
        this.icon = icon;
    }

    /**
     * Reads the console's files.
     *
     * @return the service
     * @throws IllegalStateException if the build did not put the console into the jar
     */
    public static OperatorConsole create() {
        return new OperatorConsole(StaticFile.fromClasspath(FILES + "index.html", "text/html; charset=utf-8"),
                                   StaticFile.fromClasspath(FILES + "console.js", "text/javascript; charset=utf-8"),
                                   StaticFile.fromClasspath(FILES + "console.css", "text/css; charset=utf-8"),
                                   StaticFile.fromClasspath(FILES + "favicon.svg", "image/svg+xml"));
    }

    @Override
    public void routing(HttpRules rules) {
        // the files keep their names from build to build: revalidated on every load (a 304 on loopback costs little)
        rules.route(BrowserPages.file("/", file(page)))
                .route(BrowserPages.file("/console.js", file(script)))
                .route(BrowserPages.file("/console.css", file(styles)))
                .route(BrowserPages.file("/favicon.svg", file(icon)));
    }

    private static Handler file(StaticFile file) {
        return (req, res) -> BrowserPages.send(req, res, file, CSP, BrowserPages.REVALIDATE);    }
}
