package ai.novai.gateway.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import ai.novai.gateway.testing.NovaiCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code /docs} in a real browser (headless Chromium): Swagger UI loads from the gateway under the page's
 * Content-Security-Policy, renders the gateway's own spec, and offers this gateway as the server for
 * "Try it out". The screenshot is left in {@code target/browser/docs.png} to look at.
 */
class ApiDocsBrowserTest {

    private static final Path SCREENSHOT = Path.of("target", "browser", "docs.png");

    private static NovaiCluster cluster;

    @TempDir
    static Path workDir;

    @BeforeAll
    static void start() {
        cluster = NovaiCluster.start();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void rendersTheSpecWithThisGatewayAsTheServer() {
        String dom = chromium().dumpDom(docsUrl());

        assertThat(dom, containsString("id=\"operations-Chat-createChatCompletion\""));
        assertThat(dom, containsString("/chat/completions"));
        assertThat(dom, containsString("Create a chat completion"));
        assertThat(dom, containsString("<option value=\"http://127.0.0.1:" + cluster.gatewayPort() + "/v1\""));
        assertThat(dom, containsString("NovAI API"));
    }

    @Test
    void screenshotShowsTheRenderedPage() throws IOException {
        Files.createDirectories(SCREENSHOT.getParent());
        Files.deleteIfExists(SCREENSHOT);

        chromium().screenshot(docsUrl(), SCREENSHOT, 1280, 2000);

        byte[] png = Files.readAllBytes(SCREENSHOT);
        assertThat(png[1] == 'P' && png[2] == 'N' && png[3] == 'G', is(true));
        // a blank 1280x2000 page compresses to a few kilobytes; the rendered reference is far larger
        assertThat(png.length, greaterThan(50_000));
    }

    private static Chromium chromium() {
        return Chromium.find(workDir).orElseGet(() -> fail(Chromium.INSTALL_HINT));
    }

    private static String docsUrl() {
        return "http://127.0.0.1:" + cluster.gatewayPort() + "/docs/";
    }
}
