package ai.novai.gateway.docs;

import java.net.http.HttpResponse;

import ai.novai.gateway.testing.Http;
import ai.novai.gateway.testing.NovaiCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * {@code /docs} as served by a whole gateway: public, from the jar, with the types, policy and caching a browser
 * needs, and nothing outside its fixed list of files.
 */
class ApiDocsTest {

    private static NovaiCluster cluster;
    private static Http http;

    @BeforeAll
    static void start() {
        cluster = NovaiCluster.start();
        http = new Http(cluster.gatewayPort());
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void indexIsServedWithoutAKeyAtBothPaths() {
        for (String path : new String[] {"/docs", "/docs/"}) {
            HttpResponse<String> page = get(path);

            assertThat(path, page.statusCode(), is(200));
            assertThat(page.headers().firstValue("content-type").orElseThrow(), is("text/html; charset=utf-8"));
            assertThat(page.headers().firstValue("content-security-policy").orElseThrow(),
                       is(ApiDocs.CONTENT_SECURITY_POLICY));
            assertThat(page.headers().firstValue("cache-control").orElseThrow(), is("no-cache"));
            assertThat(page.body(), containsString("<script src=\"/docs/assets/swagger-ui-bundle.js\"></script>"));
            assertThat(page.body(), containsString("<script src=\"/docs/novai-docs.js\"></script>"));
            // the policy allows no inline script: every <script> has a src
            assertThat(page.body().replace("<script src=", ""), not(containsString("<script")));
            assertThat(page.body(), not(containsString("https://")));
        }
    }

    @Test
    void policyAllowsNothingButTheGatewayAndDataImages() {
        assertThat(ApiDocs.CONTENT_SECURITY_POLICY, startsWith("default-src 'self'; script-src 'self'; "));
        assertThat(ApiDocs.CONTENT_SECURITY_POLICY, not(containsString("unsafe")));
    }

    @Test
    void initScriptPointsSwaggerUiAtThisGatewaysSpec() {
        HttpResponse<String> script = get("/docs/novai-docs.js");

        assertThat(script.statusCode(), is(200));
        assertThat(script.headers().firstValue("content-type").orElseThrow(), is("text/javascript; charset=utf-8"));
        assertThat(script.body(), containsString("/openapi?format=JSON"));
        assertThat(script.body(), containsString("persistAuthorization: false"));
        assertThat(script.body(), containsString("window.location.origin"));
    }

    @Test
    void swaggerUiFilesComeFromTheWebjarWithTheirTypesAndCaching() {
        HttpResponse<String> css = get("/docs/assets/swagger-ui.css");
        HttpResponse<byte[]> bundle = http.sendBytes(http.request("/docs/assets/swagger-ui-bundle.js").GET().build());
        HttpResponse<byte[]> icon = http.sendBytes(http.request("/docs/assets/favicon-32x32.png").GET().build());

        assertThat(css.statusCode(), is(200));
        assertThat(css.headers().firstValue("content-type").orElseThrow(), is("text/css; charset=utf-8"));
        assertThat(css.headers().firstValue("cache-control").orElseThrow(), is("public, max-age=86400"));
        assertThat(css.headers().firstValue("x-content-type-options").orElseThrow(), is("nosniff"));
        assertThat(bundle.statusCode(), is(200));
        assertThat(bundle.headers().firstValue("content-type").orElseThrow(), is("text/javascript; charset=utf-8"));
        assertThat(bundle.body().length > 1_000_000, is(true));
        assertThat(icon.headers().firstValue("content-type").orElseThrow(), is("image/png"));
        assertThat(icon.body()[1] == 'P' && icon.body()[2] == 'N' && icon.body()[3] == 'G', is(true));
    }

    @Test
    void anUnchangedFileIsNotSentAgain() {
        String etag = get("/docs/assets/swagger-ui.css").headers().firstValue("etag").orElseThrow();

        HttpResponse<String> again = http.send(http.request("/docs/assets/swagger-ui.css")
                                                       .header("If-None-Match", etag).GET().build());
        HttpResponse<String> changed = http.send(http.request("/docs/assets/swagger-ui.css")
                                                         .header("If-None-Match", "\"other\"").GET().build());

        assertThat(again.statusCode(), is(304));
        assertThat(again.body(), is(""));
        assertThat(changed.statusCode(), is(200));
    }

    @Test
    void onlyTheListedFilesAreServed() {
        for (String path : new String[] {"/docs/assets/index.html", "/docs/assets/swagger-initializer.js",
                "/docs/assets/%2e%2e%2fnovai-docs.js", "/docs/assets/..%2F..%2FMETA-INF%2Fnovai%2Fspec.yaml",
                "/docs/assets/", "/docs/index.html", "/docs/other"}) {
            HttpResponse<String> refused = get(path);

            assertThat(path, refused.statusCode(), is(404));
            assertThat(path, refused.body(), containsString("\"code\":\"unknown_url\""));
        }
    }

    private static HttpResponse<String> get(String path) {
        return http.send(http.request(path).GET().build());
    }
}
