package ai.novai.gateway.interop;

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
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(150);

    private static NovaiCluster cluster;
    private static NodeChecks script;

    @BeforeAll
    static void runTheScript() {
        Path dir = NodeChecks.folder("openai-sdk", "interop.mjs");
        String node = Processes.executable("node", NODE_INSTALL);
        NodeChecks.install(dir, Processes.executable("npm", NODE_INSTALL), "openai", SDK_VERSION);
        cluster = NovaiCluster.start();
        script = NodeChecks.run(dir, node, "interop.mjs", Map.of("NOVAI_BASE_URL", cluster.baseUrl(),
                                                                 "NOVAI_API_KEY", NovaiCluster.DEV_KEY),
                                SCRIPT_TIMEOUT);
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
        script.assertPassed(name, "openai npm SDK " + SDK_VERSION);
    }

    @Test
    void theScriptRunsExactlyTheseChecks() {
        script.assertChecks(CHECKS);
    }
}
