package ai.novai.gateway.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import ai.novai.gateway.testing.NodeChecks;
import ai.novai.gateway.testing.NovaiCluster;
import ai.novai.gateway.testing.Processes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator console in a real browser: {@code src/test/node/console/console.mjs} drives Debian's headless
 * {@code chromium} with {@code playwright-core} (pinned in that folder's lock file) through the console of the
 * three real services: sign in, create a key and see it listed, traffic, the spend charts and their CSV, edit,
 * the models with their deployments' health, a batch's progress, revoke, a key named like markup rendered as text,
 * the per-key view, no CSP violation. It prints one JSON line per check ({@link NodeChecks}); each check is one
 * test here. The screenshots it takes are left in {@code target/browser/} (the README's
 * come from there). Needs node, npm and chromium: without them it fails, it does not skip.
 */
class ConsoleBrowserTest {

    /** The checks {@code console.mjs} runs, in its order. */
    static final List<String> CHECKS = List.of(
            "first-paint-under-a-second",
            "sign-in-refuses-a-wrong-token",
            "sign-in-with-the-admin-token",
            "create-a-key-and-see-it-listed",
            "keyboard-only-dialog",
            "some-traffic-with-the-new-key",
            "a-key-name-with-markup-renders-as-text",
            "search-finds-the-key",
            "edit-the-limits",
            "screenshot-of-the-keys-page",
            "spend-chart-after-traffic",
            "csv-of-the-cost-chart",
            "one-keys-usage",
            "a-batch-from-a-file",
            "models-and-deployment-health",
            "revoke-with-confirmation",
            "an-api-key-sees-only-its-own-usage",
            "no-csp-violation-script-error-or-foreign-request");

    private static final String NODE_INSTALL = "Node.js 20+ and npm; Debian: apt-get install nodejs npm";
    private static final String CHROMIUM_INSTALL = "Debian's chromium: apt-get install -y --no-install-recommends "
            + "chromium (.ci/run installs it)";
    private static final String PLAYWRIGHT_VERSION = "1.65.1";
    private static final Path SCREENSHOTS = Path.of("target", "browser");
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(4);
    // two priced models, so that the spend charts stack and the budget bar moves
    private static final String REGISTRY = """
            providers:
              echo: { type: echo, pace: PT0S }
            models:
              - { id: novai-echo, kind: chat, provider: echo, max-output-tokens: 100,
                  price: { input-usd-per-million: "500", output-usd-per-million: "1500" } }
              - { id: echo-large, kind: chat, provider: echo, max-output-tokens: 100,
                  price: { input-usd-per-million: "2000", output-usd-per-million: "6000" } }
            """;

    private static NovaiCluster cluster;
    private static NodeChecks script;

    @BeforeAll
    static void runTheScript() throws IOException {
        Path dir = NodeChecks.folder("console", "console.mjs");
        String node = Processes.executable("node", NODE_INSTALL);
        String npm = Processes.executable("npm", NODE_INSTALL);
        String chromium = Processes.executable("chromium", CHROMIUM_INSTALL);
        NodeChecks.install(dir, npm, "playwright-core", PLAYWRIGHT_VERSION);
        Files.createDirectories(SCREENSHOTS);
        Files.deleteIfExists(SCREENSHOTS.resolve("console-keys.png"));
        Files.deleteIfExists(SCREENSHOTS.resolve("console-spend.png"));

        cluster = NovaiCluster.start(NovaiCluster.registry(REGISTRY), Map.of(), Map.of());
        Map<String, String> env = Map.of("NOVAI_URL", "http://127.0.0.1:" + cluster.gatewayPort(),
                                         "NOVAI_ADMIN_TOKEN", NovaiCluster.ADMIN_TOKEN,
                                         "NOVAI_API_KEY", NovaiCluster.DEV_KEY,
                                         "CHROMIUM", chromium,
                                         "SCREENSHOTS", SCREENSHOTS.toAbsolutePath().toString());
        script = NodeChecks.run(dir, node, "console.mjs", env, SCRIPT_TIMEOUT);
    }

    @AfterAll
    static void stopTheCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static List<String> checks() {
        return CHECKS;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void check(String name) {
        script.assertPassed(name, "the console in chromium");
    }

    @Test
    void theScriptRunsExactlyTheseChecks() {
        script.assertChecks(CHECKS);
    }

    @Test
    void screenshotsOfTheKeysPageAndTheSpendChartWereTaken() throws IOException {
        for (String name : List.of("console-keys.png", "console-spend.png")) {
            Path png = SCREENSHOTS.resolve(name);
            assertTrue(Files.isRegularFile(png), () -> "no " + png.toAbsolutePath());
            byte[] bytes = Files.readAllBytes(png);
            assertTrue(bytes.length > 20_000 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G',
                       () -> png + " is not a rendered page (" + bytes.length + " bytes)");
        }
    }
}
