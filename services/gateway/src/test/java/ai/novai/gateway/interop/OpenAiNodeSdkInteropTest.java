package ai.novai.gateway.interop;

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
 * The official {@code openai} npm SDK, at the version pinned in {@code src/test/node/openai-sdk}, against
 * the three real services: {@code interop.mjs} runs once with the gateway's base URL and key and prints
 * one JSON line per check; each check is one test here, so a failure names the client behaviour that
 * broke. Needs Node.js and npm on the PATH (CI has them): without them this test fails, it does not skip.
 */
class OpenAiNodeSdkInteropTest {

    /** The checks {@code interop.mjs} runs, in its order. */
    static final List<String> CHECKS = List.of(
            "models",
            "chat",
            "chat-stream-include-usage",
            "chat-stream-tool-helper",
            "embeddings-default-base64",
            "embeddings-float",
            "error-authentication-401",
            "error-unknown-model-404",
            "error-bad-request-400",
            "abort-then-request",
            "chat-stream-without-usage",
            "files-create-read-stream",
            "files-create-to-file-expires-after",
            "files-list-paged",
            "files-retrieve",
            "files-content",
            "files-delete-then-404",
            "batch-file-flow",
            "batch-cancel",
            "server-tools",
            "server-tools-stream");

    private static final String NODE_INSTALL = "Node.js 20+ and npm; Debian: apt-get install nodejs npm. It fails rather"
            + " than skip, so that CI never passes without it";
    private static final String SDK_VERSION = "7.60.0";
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(150);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static NovaiCluster cluster;
    private static Processes.Run script;
    private static final Map<String, JsonNode> RESULTS = new LinkedHashMap<>();

    @BeforeAll
    static void runTheScript() {
        Path dir = nodeDir();
        String node = Processes.executable("node", NODE_INSTALL);
        String npm = Processes.executable("npm", NODE_INSTALL);
        installSdk(dir, npm);

        cluster = NovaiCluster.start();
        Map<String, String> env = Map.of("NOVAI_BASE_URL", cluster.baseUrl(),
                                         "NOVAI_API_KEY", NovaiCluster.DEV_KEY);
        script = Processes.run(dir, List.of(node, "interop.mjs"), env, SCRIPT_TIMEOUT);
        for (String line : script.stdout().split("\n")) {
            parse(line).filter(result -> result.hasNonNull("check"))
                    .ifPresent(result -> RESULTS.put(result.get("check").asText(), result));
        }
        System.out.printf("interop.mjs: exit %d in %d ms%n%s%n%s%n", script.exitCode(), script.millis(),
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
            fail("interop.mjs reported nothing for check '" + name + "' (exit " + script.exitCode() + ")\n"
                         + "stdout:\n" + script.stdout() + "\nstderr:\n" + script.stderr());
        }
        assertTrue(result.path("ok").asBoolean(false),
                   () -> "openai npm SDK " + SDK_VERSION + ", check '" + name + "' failed: "
                           + result.path("detail").toPrettyString()
                           + (script.stderr().isBlank() ? "" : "\nstderr:\n" + script.stderr()));
    }

    @Test
    void theScriptRunsExactlyTheseChecks() {
        assertEquals(CHECKS, new ArrayList<>(RESULTS.keySet()),
                     () -> "interop.mjs and this test disagree on the checks\nstdout:\n" + script.stdout());
    }

    // --- Node.js --------------------------------------------------------------------------------------

    private static Path nodeDir() {
        Path dir = Path.of(System.getProperty("basedir", ".")).resolve("src/test/node/openai-sdk").toAbsolutePath();
        if (!Files.isRegularFile(dir.resolve("interop.mjs"))) {
            fail("no interop.mjs in " + dir);
        }
        return dir;
    }

    /** {@code npm ci} into the node folder's node_modules (ignored by git), unless the pinned SDK is there. */
    private static void installSdk(Path dir, String npm) {
        if (SDK_VERSION.equals(installedSdkVersion(dir))) {
            return;
        }
        Processes.Run install = Processes.run(dir, List.of(npm, "ci", "--no-audit", "--no-fund"),
                          Map.of("npm_config_update_notifier", "false"), INSTALL_TIMEOUT);
        System.out.printf("npm ci: exit %d in %d ms%n", install.exitCode(), install.millis());
        if (install.exitCode() != 0 || !SDK_VERSION.equals(installedSdkVersion(dir))) {
            fail("npm ci in " + dir + " failed (exit " + install.exitCode() + ", openai "
                         + installedSdkVersion(dir) + " installed, " + SDK_VERSION + " expected)\nstdout:\n"
                         + install.stdout() + "\nstderr:\n" + install.stderr());
        }
    }

    private static String installedSdkVersion(Path dir) {
        Path manifest = dir.resolve("node_modules/openai/package.json");
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
