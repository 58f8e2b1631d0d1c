package ai.novai.gateway.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ai.novai.gateway.testing.NovaiCluster;
import ai.novai.gateway.testing.Processes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The operator console in a real browser: {@code src/test/node/console/console.mjs} drives Debian's headless
 * {@code chromium} with {@code playwright-core} (pinned in that folder's lock file) through the console of the
 * three real services: sign in, create a key and see it listed, traffic, the spend charts and their CSV, edit,
 * the models with their deployments' health, a batch's progress, revoke, a key named like markup rendered as text, the per-key view, no CSP violation. It prints one JSON line per
 * check; each check is one test here. The screenshots it takes are left in {@code target/browser/} (the README's
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
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(4);
    private static final ObjectMapper MAPPER = new ObjectMapper();
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
    private static Processes.Run script;
    private static final Map<String, JsonNode> RESULTS = new LinkedHashMap<>();

    @BeforeAll
    static void runTheScript() throws IOException {
        Path dir = nodeDir();
        String node = Processes.executable("node", NODE_INSTALL);
        String npm = Processes.executable("npm", NODE_INSTALL);
        String chromium = Processes.executable("chromium", CHROMIUM_INSTALL);
        installPlaywright(dir, npm);
        Files.createDirectories(SCREENSHOTS);
        Files.deleteIfExists(SCREENSHOTS.resolve("console-keys.png"));
        Files.deleteIfExists(SCREENSHOTS.resolve("console-spend.png"));

        cluster = NovaiCluster.start(NovaiCluster.registry(REGISTRY), Map.of(), Map.of());
        Map<String, String> env = Map.of("NOVAI_URL", "http://127.0.0.1:" + cluster.gatewayPort(),
                                         "NOVAI_ADMIN_TOKEN", NovaiCluster.ADMIN_TOKEN,
                                         "NOVAI_API_KEY", NovaiCluster.DEV_KEY,
                                         "CHROMIUM", chromium,
                                         "SCREENSHOTS", SCREENSHOTS.toAbsolutePath().toString());
        script = Processes.run(dir, List.of(node, "console.mjs"), env, SCRIPT_TIMEOUT);
        for (String line : script.stdout().split("\n")) {
            parse(line).filter(result -> result.hasNonNull("check"))
                    .ifPresent(result -> RESULTS.put(result.get("check").asText(), result));
        }
        System.out.printf("console.mjs: exit %d in %d ms%n%s%n%s%n", script.exitCode(), script.millis(),
                          script.stdout(), script.stderr());
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
        JsonNode result = RESULTS.get(name);
        if (result == null) {
            fail("console.mjs reported nothing for check '" + name + "' (an earlier one failed, or exit "
                         + script.exitCode() + ")\nstdout:\n" + script.stdout() + "\nstderr:\n" + script.stderr());
        }
        assertTrue(result.path("ok").asBoolean(false),
                   () -> "console check '" + name + "' failed: " + result.path("detail").asText()
                           + (script.stderr().isBlank() ? "" : "\nstderr:\n" + script.stderr()));
    }

    @Test
    void theScriptRunsExactlyTheseChecks() {
        assertEquals(CHECKS, new ArrayList<>(RESULTS.keySet()),
                     () -> "console.mjs and this test disagree on the checks\nstdout:\n" + script.stdout());
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

    private static Path nodeDir() {
        Path dir = Path.of(System.getProperty("basedir", ".")).resolve("src/test/node/console").toAbsolutePath();
        if (!Files.isRegularFile(dir.resolve("console.mjs"))) {
            fail("no console.mjs in " + dir);
        }
        return dir;
    }

    /** {@code npm ci} into the folder's node_modules (ignored by git), unless the pinned version is there. */
    private static void installPlaywright(Path dir, String npm) {
        if (PLAYWRIGHT_VERSION.equals(installedVersion(dir))) {
            return;
        }
        Processes.Run install = Processes.run(dir, List.of(npm, "ci", "--no-audit", "--no-fund"),
                                              Map.of("npm_config_update_notifier", "false"), INSTALL_TIMEOUT);
        if (install.exitCode() != 0 || !PLAYWRIGHT_VERSION.equals(installedVersion(dir))) {
            fail("npm ci in " + dir + " failed (playwright-core " + installedVersion(dir) + " installed, "
                         + PLAYWRIGHT_VERSION + " expected)\n" + install.describe());
        }
    }

    private static String installedVersion(Path dir) {
        Path manifest = dir.resolve("node_modules/playwright-core/package.json");
        if (!Files.isRegularFile(manifest)) {
            return null;
        }
        try {
            return MAPPER.readTree(manifest.toFile()).path("version").asText(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static Optional<JsonNode> parse(String line) {
        if (!line.startsWith("{")) {
            return Optional.empty();
        }
        try {
            return Optional.of(MAPPER.readTree(line));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
