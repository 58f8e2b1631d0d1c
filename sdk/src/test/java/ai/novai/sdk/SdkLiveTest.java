package ai.novai.sdk;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * Both SDKs against the four real services (one {@link NovaiCluster}): the TypeScript SDK is installed
 * ({@code npm ci}), compiled ({@code tsc}) and its {@code test/sdk.test.mjs} run, printing one JSON line per
 * check; the Python SDK's {@code python3 -m unittest} runs (verbose, one line per test). Each check is one test
 * here, failing with what the script said. Needs Node.js 18+, npm and Python 3.10+ on the PATH: without them
 * these tests fail, they do not skip.
 */
class SdkLiveTest {

    /** The checks of {@code sdk/typescript/test/sdk.test.mjs}, in its order. */
    static final List<String> TYPESCRIPT_CHECKS = List.of(
            "models-list",
            "chat-completion",
            "chat-stream-to-done",
            "embeddings",
            "usage-retrieve",
            "batches-create-retrieve",
            "admin-keys-create-list-revoke",
            "error-unknown-model-404",
            "rate-limited-key",
            "retries-honour-retry-after",
            "retries-are-bounded",
            "timeout-aborts",
            "sse-comments-done-and-error-event");

    /** The tests of {@code sdk/python/tests}, as unittest names them ({@code module.Class.method}), sorted. */
    static final List<String> PYTHON_TESTS = List.of(
            "tests.test_live.LiveTest.test_admin_keys_create_list_revoke",
            "tests.test_live.LiveTest.test_batches_create_retrieve",
            "tests.test_live.LiveTest.test_chat_completion",
            "tests.test_live.LiveTest.test_chat_stream_to_done",
            "tests.test_live.LiveTest.test_embeddings",
            "tests.test_live.LiveTest.test_models_list",
            "tests.test_live.LiveTest.test_rate_limited_key",
            "tests.test_live.LiveTest.test_unknown_model_is_a_typed_404",
            "tests.test_live.LiveTest.test_usage_retrieve",
            "tests.test_offline.DecodeTest.test_encode_drops_unset_optionals",
            "tests.test_offline.DecodeTest.test_union_members_are_told_apart_by_their_constants",
            "tests.test_offline.DecodeTest.test_unknown_keys_are_ignored_and_ints_become_floats",
            "tests.test_offline.RetryTest.test_429_then_503_are_retried_after_what_the_server_asked",
            "tests.test_offline.RetryTest.test_a_400_is_not_retried",
            "tests.test_offline.RetryTest.test_a_timeout_is_typed",
            "tests.test_offline.RetryTest.test_attempts_are_bounded",
            "tests.test_offline.RetryTest.test_the_key_comes_from_the_environment",
            "tests.test_offline.SseTest.test_comments_are_skipped_and_data_lines_joined");

    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(120);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    // "test_x (tests.test_live.LiveTest.test_x) ... ok" (Python 3.11+; 3.10 prints the class without the method)
    private static final Pattern UNITTEST_LINE =
            Pattern.compile("^(test\\w*) \\(([\\w.]+?)(?:\\.\\1)?\\)(?:\\n.*?)? \\.\\.\\. (ok|FAIL|ERROR|skipped.*|expected failure|unexpected success)$",
                            Pattern.MULTILINE);
    private static final Pattern UNITTEST_FAILURE =
            Pattern.compile("^={70}\\n(?:FAIL|ERROR): (test\\w*) \\(([\\w.]+?)(?:\\.\\1)?\\)\\n(.*?)(?=^={70}|^-{70}\\nRan )",
                            Pattern.MULTILINE | Pattern.DOTALL);

    private static NovaiCluster cluster;
    private static Processes.Run typescript;
    private static Processes.Run python;
    private static final Map<String, JsonNode> TYPESCRIPT_RESULTS = new LinkedHashMap<>();
    private static final Map<String, String> PYTHON_RESULTS = new LinkedHashMap<>();
    private static final Map<String, String> PYTHON_FAILURES = new LinkedHashMap<>();

    @BeforeAll
    static void runTheSdkTests() {
        Path sdk = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
        Path typescriptDir = sdk.resolve("typescript");
        Path pythonDir = sdk.resolve("python");
        String node = Processes.executable("node", "Node.js 18+; Debian: apt-get install nodejs npm");
        String npm = Processes.executable("npm", "Debian: apt-get install npm");
        String python3 = Processes.executable("python3", "Python 3.10+; Debian: apt-get install python3");
        buildTypescript(typescriptDir, npm, node);

        cluster = NovaiCluster.start();
        Map<String, String> env = Map.of("NOVAI_BASE_URL", cluster.baseUrl(),
                                         "NOVAI_API_KEY", NovaiCluster.DEV_KEY,
                                         "NOVAI_ADMIN_TOKEN", NovaiCluster.ADMIN_TOKEN);
        typescript = Processes.run(typescriptDir, List.of(node, "test/sdk.test.mjs"), env, SCRIPT_TIMEOUT);
        System.out.println(typescript.describe());
        for (String line : typescript.stdout().split("\n")) {
            json(line).filter(result -> result.hasNonNull("check"))
                    .ifPresent(result -> TYPESCRIPT_RESULTS.put(result.get("check").asText(), result));
        }

        Map<String, String> pythonEnv = new LinkedHashMap<>(env);
        pythonEnv.put("PYTHONPATH", pythonDir.toString());
        pythonEnv.put("PYTHONDONTWRITEBYTECODE", "1");
        python = Processes.run(pythonDir, List.of(python3, "-m", "unittest", "discover", "-s", "tests", "-t", ".",
                                                  "-v"), pythonEnv, SCRIPT_TIMEOUT);
        System.out.println(python.describe());
        Matcher line = UNITTEST_LINE.matcher(python.stderr());
        while (line.find()) {
            PYTHON_RESULTS.put(line.group(2) + "." + line.group(1), line.group(3));
        }
        Matcher failure = UNITTEST_FAILURE.matcher(python.stderr());
        while (failure.find()) {
            PYTHON_FAILURES.put(failure.group(2) + "." + failure.group(1), failure.group(3));
        }
    }

    @AfterAll
    static void stopTheCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static List<String> typescriptChecks() {
        return TYPESCRIPT_CHECKS;
    }

    static List<String> pythonTests() {
        return PYTHON_TESTS;
    }

    @ParameterizedTest(name = "typescript {0}")
    @MethodSource("typescriptChecks")
    void typescript(String check) {
        JsonNode result = TYPESCRIPT_RESULTS.get(check);
        if (result == null) {
            fail("sdk.test.mjs reported nothing for check '" + check + "'\n" + typescript.describe());
        }
        assertTrue(result.path("ok").asBoolean(false),
                   () -> "TypeScript SDK, check '" + check + "' failed: " + result.path("detail").toPrettyString()
                           + (typescript.stderr().isBlank() ? "" : "\nstderr:\n" + typescript.stderr()));
    }

    @ParameterizedTest(name = "python {0}")
    @MethodSource("pythonTests")
    void python(String test) {
        String outcome = PYTHON_RESULTS.get(test);
        if (outcome == null) {
            fail("python3 -m unittest reported nothing for " + test + "\n" + python.describe());
        }
        assertEquals("ok", outcome, () -> "Python SDK, " + test + ": " + outcome + "\n"
                + PYTHON_FAILURES.getOrDefault(test, python.stderr()));
    }

    @Test
    void theScriptsRunExactlyTheseChecks() {
        assertEquals(TYPESCRIPT_CHECKS, new ArrayList<>(TYPESCRIPT_RESULTS.keySet()),
                     () -> "sdk.test.mjs and this test disagree on the checks\n" + typescript.describe());
        assertEquals(PYTHON_TESTS, PYTHON_RESULTS.keySet().stream().sorted().toList(),
                     () -> "sdk/python/tests and this test disagree on the tests\n" + python.describe());
        assertEquals(0, typescript.exitCode(), typescript::describe);
        assertEquals(0, python.exitCode(), python::describe);
    }

    /** {@code npm ci} (typescript from the lockfile) and {@code tsc}, as a user of the package would build it. */
    private static void buildTypescript(Path dir, String npm, String node) {
        Map<String, String> env = Map.of("npm_config_update_notifier", "false");
        if (!dir.resolve("node_modules/typescript/package.json").toFile().isFile()) {
            Processes.Run install = Processes.run(dir, List.of(npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"),
                                                  env, INSTALL_TIMEOUT);
            System.out.println(install.describe());
            if (install.exitCode() != 0) {
                fail("npm ci in " + dir + " failed\n" + install.describe());
            }
        }
        Processes.Run tsc = Processes.run(dir, List.of(node, "node_modules/typescript/bin/tsc"), env, INSTALL_TIMEOUT);
        System.out.println(tsc.describe());
        if (tsc.exitCode() != 0) {
            fail("tsc in " + dir + " failed\n" + tsc.describe());
        }
    }

    private static Optional<JsonNode> json(String line) {
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
