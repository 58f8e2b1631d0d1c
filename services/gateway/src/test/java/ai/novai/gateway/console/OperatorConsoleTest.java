package ai.novai.gateway.console;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;

/**
 * {@code /ui} as the build put it into the jar: the page, its script, styles and icon with their types, the strict
 * policy and revalidation; nothing else under {@code /ui}. The page's behaviour is {@link ConsoleBrowserTest}'s.
 */
class OperatorConsoleTest {

    private static WebServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .routing(routing -> routing.register(OperatorConsole.PATH, OperatorConsole.create()))
                .build()
                .start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void headAnswersWithTheHeadersOfGetAndNoBody() throws Exception {
        HttpResponse<String> head = HTTP.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + server.port() + "/ui")).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                                              HttpResponse.BodyHandlers.ofString());

        assertThat(head.statusCode(), is(200));
        assertThat(head.headers().firstValue("content-type").orElseThrow(), is("text/html; charset=utf-8"));
        assertThat(head.headers().firstValue("content-security-policy").orElseThrow(),
                   is(OperatorConsole.CONTENT_SECURITY_POLICY));
        assertThat(head.body(), is(""));
        assertThat("the connection serves the next request", get("/ui/console.css", null).statusCode(), is(200));
    }

    @Test
    void pageIsServedAtBothPathsWithTheStrictPolicy() throws Exception {
        for (String path : new String[] {"/ui", "/ui/"}) {
            HttpResponse<String> page = get(path, null);

            assertThat(path, page.statusCode(), is(200));
            assertThat(page.headers().firstValue("content-type").orElseThrow(), is("text/html; charset=utf-8"));
            assertThat(page.headers().firstValue("content-security-policy").orElseThrow(),
                       is(OperatorConsole.CONTENT_SECURITY_POLICY));
            assertThat(page.headers().firstValue("x-content-type-options").orElseThrow(), is("nosniff"));
            assertThat(page.headers().firstValue("cache-control").orElseThrow(), is("no-cache"));
            assertThat(page.body(), containsString("<script type=\"module\" src=\"/ui/console.js\"></script>"));
            // nothing inline, nothing from elsewhere
            assertThat(page.body().replace("<script type=\"module\" src=", ""), not(containsString("<script")));
            assertThat(page.body(), not(containsString("style=")));
            assertThat(page.body(), not(containsString("//")));
        }
    }

    @Test
    void policyAllowsOnlyTheGatewayItself() {
        String policy = OperatorConsole.CONTENT_SECURITY_POLICY;
        assertThat(policy, containsString("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self';"));
        assertThat(policy, containsString("frame-ancestors 'none'"));
        assertThat(policy, not(containsString("unsafe")));
        assertThat(policy, not(containsString("data:")));
    }

    @Test
    void scriptStylesAndIconHaveTheirTypesAndASmallSize() throws Exception {
        HttpResponse<String> script = get("/ui/console.js", null);
        HttpResponse<String> styles = get("/ui/console.css", null);
        HttpResponse<String> icon = get("/ui/favicon.svg", null);

        assertThat(script.statusCode(), is(200));
        assertThat(script.headers().firstValue("content-type").orElseThrow(), is("text/javascript; charset=utf-8"));
        // the whole app, minified: the budget the README states
        assertThat(script.body().length(), lessThan(60_000));
        // the app never writes markup from strings: no innerHTML, no dangerouslySetInnerHTML in its own code
        assertThat(script.body(), not(containsString("dangerouslySetInnerHTML:")));
        assertThat(styles.headers().firstValue("content-type").orElseThrow(), is("text/css; charset=utf-8"));
        assertThat(icon.headers().firstValue("content-type").orElseThrow(), is("image/svg+xml"));
    }

    @Test
    void unchangedFilesAreNotSentAgain() throws Exception {
        String etag = get("/ui/console.js", null).headers().firstValue("etag").orElseThrow();

        HttpResponse<String> again = get("/ui/console.js", etag);

        assertThat(again.statusCode(), is(304));
        assertThat(again.body(), is(""));
    }

    @Test
    void nothingElseIsServedUnderUi() throws Exception {
        for (String path : new String[] {"/ui/index.html", "/ui/OperatorConsole.class", "/ui/../console.js",
                                         "/ui/.build-fingerprint"}) {
            assertThat(path, get(path, null).statusCode(), is(404));
        }
    }

    @Test
    void noSourceFileWritesMarkupFromAString() throws IOException {
        Path sources = Path.of(System.getProperty("basedir", ".")).resolve("src/main/ui/src");
        try (Stream<Path> files = Files.walk(sources)) {
            List<Path> all = files.filter(Files::isRegularFile).toList();
            assertThat(all.size(), greaterThan(5));
            for (Path file : all) {
                String text = Files.readString(file);
                for (String sink : new String[] {"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write",
                                                 "eval(", "new Function"}) {
                    assertThat(file + " uses " + sink, text.contains(sink), is(false));
                }
            }
        }
    }

    private static HttpResponse<String> get(String path, String ifNoneMatch) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
