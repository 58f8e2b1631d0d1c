package ai.novai.gateway.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A Node.js script of checks run once by a test class (the npm SDK interop, the console in a browser): its folder
 * under {@code src/test/node}, the pinned npm package installed there with {@code npm ci}, and the script's one
 * JSON line per check ({@code {"check": name, "ok": true|false, "detail": ...}}), each asserted by one test.
 */
public final class NodeChecks {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);

    private final String script;
    private final Processes.Run run;
    private final Map<String, JsonNode> results;

    private NodeChecks(String script, Processes.Run run, Map<String, JsonNode> results) {
        this.script = script;
        this.run = run;
        this.results = results;
    }

    /** The folder {@code src/test/node/<name>} of the module under test, which must hold the script. */
    public static Path folder(String name, String script) {
        Path dir = Path.of(System.getProperty("basedir", ".")).resolve("src/test/node").resolve(name).toAbsolutePath();
        if (!Files.isRegularFile(dir.resolve(script))) {
            fail("no " + script + " in " + dir);
        }
        return dir;
    }

    /** {@code npm ci} into the folder's node_modules (ignored by git), unless the pinned package is there. */
    public static void install(Path dir, String npm, String npmPackage, String version) {
        if (version.equals(installedVersion(dir, npmPackage))) {
            return;
        }
        Processes.Run install = Processes.run(dir, List.of(npm, "ci", "--no-audit", "--no-fund"),
                                              Map.of("npm_config_update_notifier", "false"), INSTALL_TIMEOUT);
        System.out.printf("npm ci: exit %d in %d ms%n", install.exitCode(), install.millis());
        if (install.exitCode() != 0 || !version.equals(installedVersion(dir, npmPackage))) {
            fail("npm ci in " + dir + " failed (" + npmPackage + " " + installedVersion(dir, npmPackage)
                         + " installed, " + version + " expected)\n" + install.describe());
        }
    }

    /** Runs {@code node <script>} in the folder and reads its checks. */
    public static NodeChecks run(Path dir, String node, String script, Map<String, String> env, Duration timeout) {
        Processes.Run run = Processes.run(dir, List.of(node, script), env, timeout);
        Map<String, JsonNode> results = new LinkedHashMap<>();
        for (String line : run.stdout().split("\n")) {
            parse(line).filter(result -> result.hasNonNull("check"))
                    .ifPresent(result -> results.put(result.get("check").asText(), result));
        }
        System.out.printf("%s: exit %d in %d ms%n%s%n%s%n", script, run.exitCode(), run.millis(), run.stdout(),
                          run.stderr());
        return new NodeChecks(script, run, results);
    }

    /**
     * Asserts that one check ran and passed.
     *
     * @param what what ran it, for the message (e.g. {@code openai npm SDK 7.60.0})
     */
    public void assertPassed(String name, String what) {
        JsonNode result = results.get(name);
        if (result == null) {
            fail(script + " reported nothing for check '" + name + "' (an earlier one failed, or exit "
                         + run.exitCode() + ")\nstdout:\n" + run.stdout() + "\nstderr:\n" + run.stderr());
        }
        assertTrue(result.path("ok").asBoolean(false),
                   () -> what + ", check '" + name + "' failed: " + result.path("detail").toPrettyString()
                           + (run.stderr().isBlank() ? "" : "\nstderr:\n" + run.stderr()));
    }

    /** Asserts that the script ran exactly these checks, in this order: the test and the script agree. */
    public void assertChecks(List<String> expected) {
        assertEquals(expected, new ArrayList<>(results.keySet()),
                     () -> script + " and its test disagree on the checks\nstdout:\n" + run.stdout());
    }

    private static String installedVersion(Path dir, String npmPackage) {
        Path manifest = dir.resolve("node_modules").resolve(npmPackage).resolve("package.json");
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
